// `pnpm start`: does the set-up the system needs (database, migrations), then runs the
// dev IdP, every service and the gateway with interleaved logs, and prints how to call it.
// It installs nothing: missing Postgres/Redis are started with Docker when present, else named.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrateAll, REPO_ROOT } from '@bookshelf/db';
import { layeredEnv } from './lib/env-file';
import { dockerAvailable, postgresAnswers, redisAnswers, startContainer } from './lib/infra-check';
import { Supervisor, type ProcessSpec } from './lib/supervisor';

const root = REPO_ROOT;
const env = layeredEnv(root);

async function ensureInfra(): Promise<void> {
  const db = env.DATABASE_URL!;
  const redis = env.REDIS_URL!;
  const missing: string[] = [];
  if (!(await postgresAnswers(db))) missing.push('postgres');
  if (!(await redisAnswers(redis))) missing.push('redis');
  if (missing.length === 0) return;
  if (!dockerAvailable()) {
    console.error(
      `\nCannot reach ${missing.map((m) => (m === 'postgres' ? `PostgreSQL at ${db}` : `Redis at ${redis}`)).join(' or ')}.\n` +
        `Start them (or set DATABASE_URL / REDIS_URL to ones that run); with a Docker engine, pnpm start would start them for you.\n`,
    );
    process.exit(1);
  }
  for (const m of missing) {
    console.log(`starting ${m} in Docker…`);
    startContainer(m as 'postgres' | 'redis');
  }
  for (let i = 0; i < 60; i++) {
    if ((await postgresAnswers(db)) && (await redisAnswers(redis))) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  console.error('Postgres/Redis containers did not become ready in 60 s');
  process.exit(1);
}

function resolveDataPaths(): void {
  // Seed files are given relative to the repo root; services run with their own cwd.
  for (const key of ['CATALOG_SEED_FILE', 'CATALOG_GENRES_FILE', 'DEV_IDP_KEYS_FILE', 'SCAN_BLOB_DIR']) {
    const v = env[key];
    if (!v) continue;
    const abs = resolve(root, v);
    if (key.startsWith('CATALOG') && !existsSync(abs)) {
      console.warn(`${key}=${v} does not exist; the built-in sample catalogue will be used`);
      delete env[key];
    } else {
      env[key] = abs;
    }
  }
}

const PROCESSES: { name: string; entry: string; port?: string }[] = [
  { name: 'dev-idp', entry: 'services/dev-idp/src/main.ts', port: 'DEV_IDP_PORT' },
  { name: 'users', entry: 'services/users/src/main.ts', port: 'USERS_PORT' },
  { name: 'library', entry: 'services/library/src/main.ts', port: 'LIBRARY_PORT' },
  { name: 'scan', entry: 'services/scan/src/main.ts', port: 'SCAN_PORT' },
  { name: 'scan-worker', entry: 'services/scan/src/worker.ts' },
  { name: 'recommender', entry: 'services/recommender/src/main.ts', port: 'RECOMMENDER_PORT' },
  { name: 'gateway', entry: 'services/gateway/src/main.ts', port: 'GATEWAY_PORT' },
];

async function waitHealthy(name: string, port: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not become healthy on port ${port}`);
}

async function main(): Promise<void> {
  await ensureInfra();
  console.log('applying migrations…');
  await migrateAll(env.DATABASE_URL!, (m) => console.log(`  ${m}`));
  resolveDataPaths();
  const useDevIdp = (env.AUTH_JWKS_URL ?? '').startsWith(env.DEV_IDP_ISSUER ?? 'http://127.0.0.1:8090');
  const specs: (ProcessSpec & { port?: string })[] = PROCESSES.filter((p) => existsSync(join(root, p.entry)))
    .filter((p) => p.name !== 'dev-idp' || useDevIdp)
    .map((p) => ({ name: p.name, entry: join(root, p.entry), env: { ...env } as Record<string, string>, port: p.port ? env[p.port] : undefined }));
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const supervisor = new Supervisor(tsx, specs, (code) => process.exit(code));
  process.on('SIGINT', () => void supervisor.stop(0));
  process.on('SIGTERM', () => void supervisor.stop(0));
  supervisor.start();
  await Promise.all(specs.filter((s) => s.port).map((s) => waitHealthy(s.name, s.port!)));

  const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  let curl = '# (no dev IdP: get a token from your IdP and use it as the bearer token)';
  if (useDevIdp) {
    const res = await fetch(`${env.DEV_IDP_ISSUER}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'demo-reader', roles: ['operator'], ttlSeconds: 3600 }),
    });
    const { access_token } = (await res.json()) as { access_token: string };
    curl = `curl -s ${gateway}/v1/me -H "Authorization: Bearer ${access_token}"`;
  }
  console.log(`
\x1b[1mBookshelf is running\x1b[0m
  API (gateway)   ${gateway}/v1
  API docs        ${gateway}/docs   (OpenAPI: ${gateway}/openapi.json)
  Bull Board      ${gateway}/admin/queues   (operator token → ${gateway}/admin/login)
  ${useDevIdp ? `Dev IdP         ${env.DEV_IDP_ISSUER}   (POST /token {"sub":"me","roles":["operator"]})` : `IdP             ${env.AUTH_ISSUER}`}

Try it (token valid for 1 hour, has the operator role):
  ${curl}

Ctrl-C stops everything.
`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
