import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, SERVICE_SCHEMAS } from '@bookshelf/db';
import { repoPath } from './repo';

/** A process the system runs: every service's `src/main.ts`, and `src/worker.ts` where one exists. */
export interface ProcessInfo {
  /** Compose service, Dockerfile target, Kubernetes Deployment: `scan`, `scan-worker`. */
  name: string;
  service: string;
  kind: 'main' | 'worker';
  /** Entry file relative to the repository root. */
  entry: string;
  /** The Postgres schema the service owns, if any. */
  schema?: string;
}

/** Local and test only: runs in compose and in the dev overlay, never in production. */
export const DEV_ONLY_SERVICES = new Set(['dev-idp']);

export function serviceNames(): string[] {
  return readdirSync(repoPath('services'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(repoPath('services', d.name, 'package.json')))
    .map((d) => d.name)
    .sort();
}

export function workspaceProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const service of serviceNames()) {
    const schema = SERVICE_SCHEMAS.find((s) => s.service === service)?.schema;
    out.push({ name: service, service, kind: 'main', entry: `services/${service}/src/main.ts`, ...(schema ? { schema } : {}) });
    if (existsSync(repoPath('services', service, 'src', 'worker.ts'))) {
      out.push({ name: `${service}-worker`, service, kind: 'worker', entry: `services/${service}/src/worker.ts`, ...(schema ? { schema } : {}) });
    }
  }
  return out;
}

interface SafeParseResult {
  success: boolean;
  data?: unknown;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}
export interface ZodField {
  safeParse(value: unknown): SafeParseResult;
}
export interface ZodObjectLike extends ZodField {
  shape: Record<string, ZodField>;
}

const isZodObject = (v: unknown): v is ZodObjectLike =>
  typeof v === 'object' && v !== null && 'shape' in v && 'safeParse' in v && typeof v.safeParse === 'function';

/**
 * The env schema(s) a process parses, found by convention in services/<name>/src/config.ts:
 * exported zod objects; a worker takes the ones named …Worker…, the main process the others
 * (except command-line ones, …Cli…).
 */
export async function configSchemas(p: ProcessInfo): Promise<{ exportName: string; schema: ZodObjectLike }[]> {
  const file = repoPath('services', p.service, 'src', 'config.ts');
  if (!existsSync(file)) return [];
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const all = Object.entries(mod).filter((e): e is [string, ZodObjectLike] => isZodObject(e[1]));
  const picked = all.filter(([name]) => (p.kind === 'worker' ? /worker/i.test(name) : !/worker|cli/i.test(name)));
  if (picked.length === 0) {
    throw new Error(`${file}: no exported zod object schema for the ${p.kind} process ${p.name} (exports: ${all.map(([n]) => n).join(', ') || 'none'})`);
  }
  return picked.map(([exportName, schema]) => ({ exportName, schema }));
}

export interface EnvRequirements {
  /** No default and not optional: the process refuses to start without them. */
  required: string[];
  /**
   * Defaults that are wrong in a container: localhost URLs (that is the container itself) and
   * folders under the checkout's `.data` (not in the image, and the image's files are read-only).
   */
  mustOverride: string[];
  /** Every variable the schema reads, with its default where it has one. */
  defaults: Record<string, unknown>;
}

export async function envRequirements(p: ProcessInfo): Promise<EnvRequirements> {
  const required = new Set<string>();
  const mustOverride = new Set<string>();
  const defaults: Record<string, unknown> = {};
  for (const { schema } of await configSchemas(p)) {
    for (const [key, field] of Object.entries(schema.shape)) {
      const absent = field.safeParse(undefined);
      if (!absent.success) {
        required.add(key);
        continue;
      }
      defaults[key] = absent.data;
      if (typeof absent.data === 'string' && isContainerHostileDefault(absent.data)) mustOverride.add(key);
    }
  }
  return { required: [...required].sort(), mustOverride: [...mustOverride].sort(), defaults };
}

function isContainerHostileDefault(value: string): boolean {
  return /\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(value) || value.startsWith(`${REPO_ROOT}/.data`);
}

/** Parses an environment with every schema of the process; returns the problems, if any. */
export async function parseEnv(p: ProcessInfo, env: Record<string, string>): Promise<string[]> {
  const problems: string[] = [];
  for (const { exportName, schema } of await configSchemas(p)) {
    const result = schema.safeParse(env);
    if (!result.success) {
      for (const issue of result.error?.issues ?? []) problems.push(`${exportName}.${issue.path.map(String).join('.')}: ${issue.message}`);
    }
  }
  return problems;
}

/** The process's listening port: its `…_PORT` variable and default; null when it serves no HTTP. */
export async function httpPort(p: ProcessInfo): Promise<{ variable: string; port: number } | null> {
  for (const { schema } of await configSchemas(p)) {
    for (const [key, field] of Object.entries(schema.shape)) {
      if (!key.endsWith('_PORT')) continue;
      const absent = field.safeParse(undefined);
      if (absent.success && typeof absent.data === 'number') return { variable: key, port: absent.data };
    }
  }
  return null;
}
