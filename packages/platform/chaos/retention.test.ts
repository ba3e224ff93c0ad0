import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisposableRedis, eventually } from '@bookshelf/testkit';
import { JobProducer, createLogger, startWorker } from '../src/index';

// Redis is a queue, not the record: completed and failed jobs are trimmed so memory stays
// flat however many jobs run. 50k jobs is too slow for every CI run, hence `pnpm test:chaos`.
let server: DisposableRedis;
let redis: Redis;
beforeAll(async () => {
  server = await DisposableRedis.start();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

async function usedMemory(): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

describe('job retention', () => {
  it('keeps Redis memory flat across 50,000 more completed and failed jobs', async () => {
    const prefix = '{chaos}';
    const producer = new JobProducer(redis, prefix);
    let processed = 0;
    const worker = startWorker({
      queue: 'recommender',
      connection: redis,
      prefix,
      logger: createLogger({ name: 'chaos', level: 'silent' }),
      concurrency: 50,
      handlers: [
        {
          'recs.refresh-user': async () => {
            processed++;
            // Every other job fails for good, so the failed set reaches its cap too.
            if (processed % 2 === 0) throw new Error('boom');
          },
          'recs.train': async () => undefined,
          'recs.train-batch': async () => undefined,
          'recs.train-finalize': async () => undefined,
          'user.provisioned': async () => undefined,
          'user.preferences-updated': async () => undefined,
          'user.deleted': async () => undefined,
          'catalog.book-upserted': async () => undefined,
          'library.book-added': async () => undefined,
          'library.book-updated': async () => undefined,
          'library.book-removed': async () => undefined,
        },
      ],
    });
    const queue = producer.queue('recommender');
    const send = async (n: number) => {
      for (let i = 0; i < n; i += 1000) {
        await queue.addBulk(
          Array.from({ length: Math.min(1000, n - i) }, () => ({
            name: 'recs.refresh-user',
            data: { meta: {}, payload: { userId: 'usr_01J00000000000000000000000' } },
            opts: { attempts: 1, removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } },
          })),
        );
      }
    };
    // Warm up until every retention cap (completed, failed, events stream) is reached…
    await send(20_000);
    await eventually(async () => (processed >= 20_000 ? true : undefined), 120_000, 200);
    const warm = await usedMemory();
    // …then 50,000 more jobs must not grow memory.
    await send(50_000);
    await eventually(async () => (processed >= 70_000 ? true : undefined), 300_000, 200);
    const after = await usedMemory();
    const counts = await queue.getJobCounts('completed', 'failed');
    await worker.close();
    await producer.close();
    console.log(`used_memory after 20k jobs: ${warm} B, after 50k more: ${after} B; retained ${JSON.stringify(counts)}`);
    expect(counts.completed).toBeLessThanOrEqual(1_000);
    expect(counts.failed).toBeLessThanOrEqual(5_000);
    expect(after).toBeLessThan(warm * 1.15);
  });
});
