import { execFileSync, spawnSync } from 'node:child_process';
import pg from 'pg';
import { Redis } from 'ioredis';
import { withDatabase } from '@bookshelf/db';

export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export function dockerAvailable(): boolean {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 }).status === 0;
}

/** Starts a throwaway container for a missing dependency (only when Docker is there). */
export function startContainer(kind: 'postgres' | 'redis'): void {
  const args =
    kind === 'postgres'
      ? ['run', '-d', '--rm', '--name', 'bookshelf-postgres', '-p', '5432:5432', '-e', 'POSTGRES_HOST_AUTH_METHOD=trust', 'postgres:16-alpine']
      : ['run', '-d', '--rm', '--name', 'bookshelf-redis', '-p', '6379:6379', 'redis:7-alpine', 'redis-server', '--maxmemory-policy', 'noeviction', '--appendonly', 'yes'];
  execFileSync('docker', args, { stdio: 'inherit' });
}
