import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DisposableRedis, eventually, startService, startSystem, type System } from '@bookshelf/testkit';

let redis: DisposableRedis;
let sys: System;
beforeAll(async () => {
  redis = await DisposableRedis.start();
  sys = await startSystem({ services: ['users'], env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
  await sys.close();
  await redis.stop();
});

describe('Redis outage', () => {
  it('keeps answering without Redis, reports not-ready, and delivers every event once Redis is back', async () => {
    const api = new ApiClient(sys.gatewayUrl, await sys.idp.token('outage'));
    const me = await api.get<{ id: string }>('/v1/me');
    await redis.stop();

    // Identity resolution and rate limiting degrade to the users service; nothing hangs.
    const started = Date.now();
    const during = await api.request('GET', '/v1/me');
    expect(during.status).toBe(200);
    const patch = await api.request('PATCH', '/v1/me/preferences', { ui_theme: 'dark' });
    expect(patch.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    const ready = await fetch(`${sys.services.users!.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { redis: { status: string } } }).checks.redis.status).toBe('down');

    await redis.restart();
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('recommender', { connection: conn, prefix: sys.env.QUEUE_PREFIX });
    // The preferences change committed during the outage reaches its consumer queue afterwards.
    const jobs = await eventually(async () => {
      const all = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      const mine = all.filter((j) => j.name === 'user.preferences-updated' && (j.data as { payload: { userId: string } }).payload.userId === me.id);
      return mine.length ? mine : undefined;
    }, 20_000);
    expect(jobs).toHaveLength(1);
    expect((await fetch(`${sys.services.users!.url}/readyz`)).status).toBe(200);
    await queue.close();
    conn.disconnect();
  });
});

describe('start-up guard', () => {
  it('refuses to start against a Redis whose maxmemory-policy is not noeviction', async () => {
    const lru = await DisposableRedis.start(['--maxmemory-policy', 'allkeys-lru']);
    try {
      await expect(startService('users', { ...sys.env, REDIS_URL: lru.url, USERS_PORT: '0' })).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/);
    } finally {
      await lru.stop();
    }
  });
});
