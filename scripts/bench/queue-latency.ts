import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { createPool } from '@bookshelf/db';
import { JobProducer, createLogger, publishEvent, startOutboxRelay } from '@bookshelf/platform';

export interface QueueResult {
  events: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Outbox → consumer: commits events one transaction each (as a busy service would), with the
 * relay and a consumer running, and measures commit-to-handler latency and throughput.
 */
export async function queueLatency(databaseUrl: string, redisUrl: string, events = 2_000): Promise<QueueResult> {
  const pool = createPool({ url: databaseUrl, schema: 'users', max: 10 });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const prefix = `{qbench${Date.now()}}`;
  const producer = new JobProducer(redis, prefix);
  const logger = createLogger({ name: 'bench', level: 'silent' });
  const relay = startOutboxRelay({ pool, schema: 'users', producer, logger, pollMs: 1_000 });
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  let consumed = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const worker = new Worker(
    'recommender',
    async (job) => {
      const t = committedAt.get(job.id!);
      if (t !== undefined) latencies.push(performance.now() - t);
      if (++consumed === events) done();
    },
    { connection: redis.duplicate(), prefix, concurrency: 50 },
  );
  const started = performance.now();
  const tx = async (client: pg.PoolClient) => {
    await client.query('BEGIN');
    const id = await publishEvent(
      { $executeRawUnsafe: async (q, ...v) => (await client.query(q, v)).rowCount ?? 0 },
      'users',
      'user.provisioned',
      { userId: 'usr_01J00000000000000000000000', issuer: 'bench', subject: 'bench' },
    );
    // Stamped just before COMMIT: the relay may hand the job to the consumer before COMMIT returns.
    committedAt.set(id, performance.now());
    await client.query('COMMIT');
  };
  // Several writers at once, like request handlers.
  let sent = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      const client = await pool.connect();
      try {
        while (sent < events) {
          sent++;
          await tx(client);
        }
      } finally {
        client.release();
      }
    }),
  );
  await Promise.race([finished, new Promise((r) => setTimeout(r, 60_000))]);
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await relay.close();
  await producer.close();
  redis.disconnect();
  await pool.end();
  const sorted = latencies.sort((a, b) => a - b);
  return { events: consumed, eventsPerSecond: Math.round(consumed / seconds), p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}
