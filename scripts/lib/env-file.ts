import { existsSync, readFileSync } from 'node:fs';

/** Parses a dotenv-style file: KEY=value lines, # comments, optional quotes. */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    out[key] = value;
  }
  return out;
}

/** .env.example < .env < the caller's environment. */
export function layeredEnv(root: string): Record<string, string> {
  const merged: Record<string, string> = { ...readEnvFile(`${root}/.env.example`), ...readEnvFile(`${root}/.env`) };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) merged[k] = v;
  return merged;
}
