import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ALL_QUEUES } from '@bookshelf/contracts';
import { REPO_ROOT, SERVICE_SCHEMAS, dropDatabase, migrateAll, withDatabase } from '@bookshelf/db';

export interface BenchSystem {
  env: Record<string, string>;
  gateway: string;
  idp: string;
  urls: Record<string, string>;
  stop(): Promise<void>;
}

const PROCS = [
  { name: 'dev-idp', entry: 'services/dev-idp/src/main.ts', port: 'DEV_IDP_PORT', value: '18090' },
  { name: 'users', entry: 'services/users/src/main.ts', port: 'USERS_PORT', value: '18081' },
  { name: 'library', entry: 'services/library/src/main.ts', port: 'LIBRARY_PORT', value: '18082' },
  { name: 'recommender', entry: 'services/recommender/src/main.ts', port: 'RECOMMENDER_PORT', value: '18084' },
  { name: 'gateway', entry: 'services/gateway/src/main.ts', port: 'GATEWAY_PORT', value: '18080' },
];

async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 480; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never became healthy`);
}

const BENCH_PREFIX = '{bench}';

/**
 * A fresh database needs fresh Redis state too: identities cached by an earlier run would
 * point the gateway at users that no longer exist.
 */
async function clearRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Waits until start-up work is over: the library seeds the catalogue on first start and the
 * recommender projects every book it emits. Load measured during that would measure the seed.
 * Quiet = every outbox published, no job waiting or running, the catalogue size unchanged, 3 s in a row.
 */
async function untilQuiet(db: string, redisUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = ALL_QUEUES.map((name) => new Queue(name, { connection, prefix: BENCH_PREFIX }));
  try {
    const outboxes = SERVICE_SCHEMAS.map((s) => `(SELECT count(*) FROM "${s.schema}".outbox WHERE published_at IS NULL)`).join(' + ');
    let quietFor = 0;
    let lastBooks = -1;
    const started = Date.now();
    while (quietFor < 3 && Date.now() - started < 300_000) {
      await new Promise((r) => setTimeout(r, 1000));
      const { rows } = await client.query<{ pending: string; books: string }>(`SELECT (${outboxes})::text AS pending, (SELECT count(*) FROM library.books)::text AS books`);
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('wait', 'active', 'prioritized')));
      const jobs = counts.reduce((n, c) => n + (c.wait ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0), 0);
      const books = Number(rows[0]!.books);
      quietFor = Number(rows[0]!.pending) === 0 && jobs === 0 && books === lastBooks ? quietFor + 1 : 0;
      lastBooks = books;
    }
    console.log(`system quiet after ${((Date.now() - started) / 1000).toFixed(0)} s (${lastBooks} books in the catalogue)`);
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
    await client.end();
  }
}

/** The system as separate processes on bench ports, against a database of its own. */
export async function startBenchSystem(base: Record<string, string>): Promise<BenchSystem> {
  const db = withDatabase(base.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'bookshelf_bench');
  await dropDatabase(db);
  await migrateAll(db);
  await clearRedisKeys(base.REDIS_URL ?? 'redis://127.0.0.1:6379', BENCH_PREFIX);
  const env: Record<string, string> = {
    ...base,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    DATABASE_URL: db,
    QUEUE_PREFIX: BENCH_PREFIX,
    DEV_IDP_ISSUER: 'http://127.0.0.1:18090',
    AUTH_JWKS_URL: 'http://127.0.0.1:18090/.well-known/jwks.json',
    AUTH_ISSUER: 'http://127.0.0.1:18090',
    AUTH_AUDIENCE: 'bookshelf-api',
    RATE_LIMIT_REQUESTS: '100000000',
    DEV_IDP_KEYS_FILE: '',
  };
  delete env.DEV_IDP_KEYS_FILE;
  const urls: Record<string, string> = {};
  for (const p of PROCS) {
    env[p.port] = p.value;
    urls[p.name] = `http://127.0.0.1:${p.value}`;
  }
  env.USERS_URL = urls.users!;
  env.LIBRARY_URL = urls.library!;
  env.RECOMMENDER_URL = urls.recommender!;
  env.SCAN_URL = 'http://127.0.0.1:9';
  const children: ChildProcess[] = [];
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const running = PROCS.filter((p) => existsSync(join(REPO_ROOT, p.entry)));
  for (const p of running) {
    const child = spawn(tsx, [join(REPO_ROOT, p.entry)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
  }
  await Promise.all(running.map((p) => healthy(urls[p.name]!)));
  await untilQuiet(db, env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  return {
    env,
    gateway: urls.gateway!,
    idp: urls['dev-idp']!,
    urls,
    stop: async () => {
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    },
  };
}

export async function devToken(idp: string, sub: string): Promise<string> {
  const res = await fetch(`${idp}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, ttlSeconds: 3600 }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
