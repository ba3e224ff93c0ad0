import { execFileSync } from 'node:child_process';
import { Socket } from 'node:net';

export interface Infra {
  databaseUrl: string;
  redisUrl: string;
  stop?: () => Promise<void>;
}

function dockerAvailable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

const LOCAL_DATABASE = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(1_000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.connect(port, '127.0.0.1');
  });
}

/**
 * Real Postgres and Redis for tests: DATABASE_URL / REDIS_URL when set; else the local
 * defaults from .env.example when something listens there; else containers when Docker can
 * run them; otherwise a clear message saying what is missing.
 */
export async function resolveInfra(env: NodeJS.ProcessEnv = process.env): Promise<Infra> {
  if (env.DATABASE_URL && env.REDIS_URL) return { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL };
  const local = {
    databaseUrl: env.DATABASE_URL ?? ((await answers(5432)) ? LOCAL_DATABASE : undefined),
    redisUrl: env.REDIS_URL ?? ((await answers(6379)) ? LOCAL_REDIS : undefined),
  };
  if (local.databaseUrl && local.redisUrl) return { databaseUrl: local.databaseUrl, redisUrl: local.redisUrl };
  if (!dockerAvailable()) {
    const missing = [!local.databaseUrl && 'DATABASE_URL', !local.redisUrl && 'REDIS_URL'].filter(Boolean).join(' and ');
    throw new Error(
      `Tests need a real PostgreSQL and Redis: nothing answers on 127.0.0.1:5432/6379 and there is no Docker engine. ` +
        `Set ${missing} (e.g. DATABASE_URL=${LOCAL_DATABASE} REDIS_URL=${LOCAL_REDIS}), or run a Docker engine so testcontainers can start them.`,
    );
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [pg, redis] = await Promise.all([
    local.databaseUrl ? null : new PostgreSqlContainer('postgres:16-alpine').start(),
    local.redisUrl ? null : new RedisContainer('redis:7-alpine').withCommand(['redis-server', '--maxmemory-policy', 'noeviction']).start(),
  ]);
  return {
    databaseUrl: local.databaseUrl ?? pg!.getConnectionUri(),
    redisUrl: local.redisUrl ?? redis!.getConnectionUrl(),
    stop: async () => {
      await Promise.all([pg?.stop(), redis?.stop()]);
    },
  };
}
