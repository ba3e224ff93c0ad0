import type pg from 'pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool } from '@bookshelf/db';
import { freshDatabase, freshQueuePrefix } from '@bookshelf/testkit';
import { JobProducer, claimEvent, createLogger, publishEvent, startOutboxRelay, type SqlExecutor } from '../src/index';

// The users schema carries the platform tables; any service schema would do.
const SCHEMA = 'users';
let pool: pg.Pool;
let redis: Redis;
let prefix: string;
let producer: JobProducer;
const logger = createLogger({ name: 'test', level: 'silent' });

function tx(client: pg.PoolClient): SqlExecutor {
  return { $executeRawUnsafe: async (q, ...v) => (await client.query(q, v)).rowCount ?? 0 };
}

async function inTransaction(fn: (t: SqlExecutor) => Promise<void>, commit = true): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await fn(tx(client));
    await client.query(commit ? 'COMMIT' : 'ROLLBACK');
  } finally {
    client.release();
  }
}

async function jobsIn(queue: string) {
  const q = new Queue(queue, { connection: redis, prefix });
  const jobs = await q.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  await q.close();
  return jobs;
}

beforeAll(async () => {
  pool = createPool({ url: await freshDatabase(), schema: SCHEMA });
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
  prefix = freshQueuePrefix();
  producer = new JobProducer(redis, prefix);
});
afterAll(async () => {
  await producer.close();
  redis.disconnect();
  await pool.end();
});

describe('transactional outbox', () => {
  it('relays each committed event once to every subscribing queue, with the event id as job id', async () => {
    const relay = startOutboxRelay({ pool, schema: SCHEMA, producer, logger, pollMs: 60_000 });
    let eventId = '';
    await inTransaction(async (t) => {
      eventId = await publishEvent(t, SCHEMA, 'user.deleted', { userId: 'usr_01J00000000000000000000000' });
    });
    await relay.flush();
    await relay.flush();
    for (const queue of ['library', 'scan', 'recommender']) {
      const jobs = (await jobsIn(queue)).filter((j) => j.id === eventId);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.name).toBe('user.deleted');
      expect(jobs[0]!.data).toMatchObject({ meta: { eventId }, payload: { userId: 'usr_01J00000000000000000000000' } });
    }
    const { rows } = await pool.query(`SELECT published_at FROM users.outbox WHERE id = $1`, [eventId]);
    expect(rows[0].published_at).not.toBeNull();
    await relay.close();
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    let eventId = '';
    await inTransaction(async (t) => {
      eventId = await publishEvent(t, SCHEMA, 'user.provisioned', { userId: 'usr_01J00000000000000000000001', issuer: 'i', subject: 's' });
    }, false);
    const relay = startOutboxRelay({ pool, schema: SCHEMA, producer, logger, pollMs: 60_000 });
    await relay.flush();
    await relay.close();
    expect((await jobsIn('recommender')).some((j) => j.id === eventId)).toBe(false);
  });

  it('wakes on NOTIFY: an event reaches its queue well before the poll interval', async () => {
    const relay = startOutboxRelay({ pool, schema: SCHEMA, producer, logger, pollMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300));
    let eventId = '';
    const started = Date.now();
    await inTransaction(async (t) => {
      eventId = await publishEvent(t, SCHEMA, 'user.provisioned', { userId: 'usr_01J00000000000000000000002', issuer: 'i', subject: 's2' });
    });
    for (;;) {
      if ((await jobsIn('recommender')).some((j) => j.id === eventId)) break;
      if (Date.now() - started > 5_000) throw new Error('event not relayed within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    await relay.close();
  });

  it('re-relaying an event that was enqueued but not marked published does not duplicate the job', async () => {
    const relay = startOutboxRelay({ pool, schema: SCHEMA, producer, logger, pollMs: 60_000 });
    let eventId = '';
    await inTransaction(async (t) => {
      eventId = await publishEvent(t, SCHEMA, 'user.provisioned', { userId: 'usr_01J00000000000000000000003', issuer: 'i', subject: 's3' });
    });
    await relay.flush();
    // Simulate a crash between enqueue and marking published.
    await pool.query(`UPDATE users.outbox SET published_at = NULL WHERE id = $1`, [eventId]);
    await relay.flush();
    await relay.close();
    expect((await jobsIn('recommender')).filter((j) => j.id === eventId)).toHaveLength(1);
  });

  it('two relays working the same outbox deliver every event exactly once', async () => {
    const ids: string[] = [];
    await inTransaction(async (t) => {
      for (let i = 0; i < 300; i++) {
        ids.push(await publishEvent(t, SCHEMA, 'user.provisioned', { userId: 'usr_01J00000000000000000000004', issuer: 'i', subject: `bulk-${i}` }));
      }
    });
    const a = startOutboxRelay({ pool, schema: SCHEMA, producer, logger, pollMs: 60_000, batchSize: 25 });
    const b = startOutboxRelay({ pool, schema: SCHEMA, producer, logger, pollMs: 60_000, batchSize: 25 });
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.close(), b.close()]);
    const jobs = (await jobsIn('recommender')).filter((j) => ids.includes(j.id!));
    expect(jobs).toHaveLength(300);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM users.outbox WHERE id = ANY($1) AND published_at IS NULL`, [ids]);
    expect(rows[0].n).toBe(0);
  });
});

describe('inbox', () => {
  it('claims an event for a consumer once; a replay is refused; other consumers are independent', async () => {
    const claim = async (consumer: string, eventId: string) => {
      let ok = false;
      await inTransaction(async (t) => {
        ok = await claimEvent(t, SCHEMA, consumer, eventId);
      });
      return ok;
    };
    expect(await claim('projection', 'evt_01J00000000000000000000000')).toBe(true);
    expect(await claim('projection', 'evt_01J00000000000000000000000')).toBe(false);
    expect(await claim('purger', 'evt_01J00000000000000000000000')).toBe(true);
  });

  it('forgets a claim whose transaction rolled back, so the retry can apply the effect', async () => {
    await inTransaction(async (t) => {
      expect(await claimEvent(t, SCHEMA, 'projection', 'evt_01J00000000000000000000009')).toBe(true);
    }, false);
    await inTransaction(async (t) => {
      expect(await claimEvent(t, SCHEMA, 'projection', 'evt_01J00000000000000000000009')).toBe(true);
    });
  });
});
