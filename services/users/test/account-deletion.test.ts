import pg from 'pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, eventually, startSystem, type System } from '@bookshelf/testkit';

let sys: System;
let db: pg.Pool;
let redis: Redis;
beforeAll(async () => {
  sys = await startSystem({ services: ['users'] });
  db = new pg.Pool({ connectionString: sys.env.DATABASE_URL });
  redis = new Redis(sys.env.REDIS_URL!, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await db.end();
  redis.disconnect();
  await sys.close();
});

describe('DELETE /v1/me', () => {
  it('soft-deletes me, clears my personal data and fans user.deleted out to every purging service', async () => {
    const api = new ApiClient(sys.gatewayUrl, await sys.idp.token('leaver', { email: 'leaver@example.com' }));
    const me = await api.get<{ id: string }>('/v1/me');
    await api.json('PATCH', '/v1/me/preferences', { ui_theme: 'dark' }, 200);
    const res = await api.request('DELETE', '/v1/me');
    expect(res.status).toBe(202);

    const { rows } = await db.query(`SELECT deleted_at, email, domain_preferences FROM users.users WHERE id = $1`, [me.id]);
    expect(rows[0].deleted_at).not.toBeNull();
    expect(rows[0].email).toBeNull();
    expect(rows[0].domain_preferences).toEqual({});

    for (const queueName of ['library', 'scan', 'recommender']) {
      const queue = new Queue(queueName, { connection: redis, prefix: sys.env.QUEUE_PREFIX });
      const job = await eventually(async () => {
        const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
        return jobs.find((j) => j.name === 'user.deleted' && (j.data as { payload: { userId: string } }).payload.userId === me.id);
      });
      expect(job.id).toMatch(/^evt_/);
      expect((job.data as { meta: { requestId: string } }).meta.requestId).toBe(res.headers.get('x-request-id'));
      await queue.close();
    }

    // Deleting twice is not an error the app has to special-case: the old account is gone,
    // so signing in again starts a fresh one.
    const again = await api.get<{ id: string; preferences: object }>('/v1/me');
    expect(again.id).not.toBe(me.id);
    expect(again.preferences).toEqual({});
  });
});
