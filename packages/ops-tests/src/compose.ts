import { repoPath, readYaml } from './repo';

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; target?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | { published?: string | number; target?: number })[];
  volumes?: (string | { source?: string; target?: string })[];
  stop_grace_period?: string;
  restart?: string;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const COMPOSE_FILE = repoPath('docker-compose.yml');

export function loadCompose(): ComposeFile {
  return readYaml<ComposeFile>(COMPOSE_FILE);
}

/**
 * Compose's variable interpolation as `docker compose config` does it with an empty shell:
 * `${VAR:-default}` and `${VAR-default}` take the default, `${VAR}` / `$VAR` are empty, `$$` is `$`.
 */
export function interpolate(value: string, shell: Record<string, string | undefined> = {}): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    const set = shell[name];
    if (op === ':-') return set ? set : (arg ?? '');
    if (op === '-') return set ?? (arg ?? '');
    if (op === ':?' || op === '?') {
      if (!set) throw new Error(`compose: ${name} is required (${arg ?? ''})`);
      return set;
    }
    if (op === ':+') return set ? (arg ?? '') : '';
    if (op === '+') return set !== undefined ? (arg ?? '') : '';
    return set ?? '';
  });
}

/** A compose service's environment after interpolation (map and list forms). */
export function serviceEnv(service: ComposeService, shell: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  const raw = service.environment ?? {};
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const i = entry.indexOf('=');
      if (i > 0) env[entry.slice(0, i)] = interpolate(entry.slice(i + 1), shell);
    }
  } else {
    for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) env[k] = interpolate(String(v), shell);
  }
  return env;
}

export function dependsOn(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.condition]));
}

export function buildTarget(service: ComposeService): string | undefined {
  return typeof service.build === 'object' ? service.build.target : undefined;
}

export function healthcheckCommand(service: ComposeService): string[] | null {
  const hc = service.healthcheck;
  if (!hc || hc.disable || !hc.test) return null;
  return Array.isArray(hc.test) ? hc.test : ['CMD-SHELL', hc.test];
}

export function volumeTargets(service: ComposeService): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of service.volumes ?? []) {
    if (typeof v === 'string') {
      const [source, target] = v.split(':');
      if (source && target) out.set(target, source);
    } else if (v.source && v.target) out.set(v.target, v.source);
  }
  return out;
}
