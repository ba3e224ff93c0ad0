import { Redis, type RedisOptions } from 'ioredis';
import { DependencyUnavailableError } from './errors';

export { Redis };

/**
 * Two kinds of connection. Request paths fail fast when Redis is down (no offline queue,
 * one retry) so the API answers 503 instead of hanging; workers wait for Redis forever.
 */
export function createRedis(url: string, kind: 'request' | 'worker' = 'request', extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    connectTimeout: 2_000,
    maxRetriesPerRequest: kind === 'worker' ? null : 1,
    enableOfflineQueue: kind === 'worker',
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
    ...extra,
  });
  // Connection errors surface where it matters (failed commands → 503, /readyz); ioredis
  // would otherwise print every reconnect attempt as an unhandled error event.
  redis.on('error', () => undefined);
  return redis;
}

export class RedisPolicyError extends Error {
  override name = 'RedisPolicyError';
}

/** Jobs are data: a Redis that may evict keys would silently lose them. Refuse to start. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  try {
    await checkEvictionPolicy(redis);
  } catch (err) {
    // The caller is about to abort start-up: don't leave a connection retrying behind it.
    redis.disconnect();
    throw err;
  }
}

async function checkEvictionPolicy(redis: Redis): Promise<void> {
  let policy: string | undefined;
  try {
    const res = (await redis.call('CONFIG', 'GET', 'maxmemory-policy')) as string[];
    policy = res[1];
  } catch {
    // Managed Redis often disables CONFIG; INFO still reports the policy.
    const info = await redis.info('memory');
    policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
  }
  if (policy !== 'noeviction') {
    throw new RedisPolicyError(
      `Redis maxmemory-policy is "${policy ?? 'unknown'}"; BullMQ needs "noeviction" or jobs can silently vanish. ` +
        `Set it with: redis-cli CONFIG SET maxmemory-policy noeviction (and in redis.conf).`,
    );
  }
}

/** Awaits a Redis call but turns a connection failure into a 503-shaped error. */
export async function redisOr503<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof Error && !(err as { command?: unknown }).command) throw new DependencyUnavailableError('redis');
    throw err;
  }
}
