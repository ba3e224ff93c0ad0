import { execFileSync } from 'node:child_process';

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

/**
 * Real Postgres and Redis for tests: DATABASE_URL / REDIS_URL when set, containers when
 * Docker can run them, otherwise a clear message saying what is missing.
 */
export async function resolveInfra(env: NodeJS.ProcessEnv = process.env): Promise<Infra> {
  if (env.DATABASE_URL && env.REDIS_URL) return { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL };
  if (!dockerAvailable()) {
    const missing = [!env.DATABASE_URL && 'DATABASE_URL', !env.REDIS_URL && 'REDIS_URL'].filter(Boolean).join(' and ');
    throw new Error(
      `Tests need a real PostgreSQL and Redis. Set ${missing} (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ` +
        `REDIS_URL=redis://127.0.0.1:6379), or run a Docker engine so testcontainers can start them.`,
    );
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [pg, redis] = await Promise.all([
    env.DATABASE_URL ? null : new PostgreSqlContainer('postgres:16-alpine').start(),
    env.REDIS_URL ? null : new RedisContainer('redis:7-alpine').withCommand(['redis-server', '--maxmemory-policy', 'noeviction']).start(),
  ]);
  return {
    databaseUrl: env.DATABASE_URL ?? pg!.getConnectionUri(),
    redisUrl: env.REDIS_URL ?? redis!.getConnectionUrl(),
    stop: async () => {
      await Promise.all([pg?.stop(), redis?.stop()]);
    },
  };
}
