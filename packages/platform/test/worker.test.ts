import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshQueuePrefix, eventually } from '@bookshelf/testkit';
import { HandlerRegistrationError, JobProducer, createLogger, mergeHandlers, startWorker } from '../src/index';

const logger = createLogger({ name: 'test', level: 'silent' });
let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
});
afterAll(() => {
  redis.disconnect();
});

const noop = async () => undefined;

describe('worker start-up guard', () => {
  it('refuses a queue whose job has no handler, two handlers, or a handler for a job routed elsewhere', () => {
    const sweep = { 'scan.requeue-stuck': noop };
    expect(() => mergeHandlers('scan', [{ 'scan.finalize': noop, ...sweep }])).toThrow(/"user.deleted" has no handler/);
    expect(() => mergeHandlers('scan', [{ 'scan.finalize': noop, 'user.deleted': noop, ...sweep }, { 'user.deleted': noop }])).toThrow(
      /"user.deleted" has two handlers/,
    );
    expect(() => mergeHandlers('scan', [{ 'scan.finalize': noop, 'user.deleted': noop, 'recs.train': noop, ...sweep }])).toThrow(HandlerRegistrationError);
    expect(() => mergeHandlers('scan', [{ 'scan.finalize': noop, ...sweep }, { 'user.deleted': noop }])).not.toThrow();
  });
});

describe('typed worker', () => {
  it('runs valid jobs with their request id and fails invalid payloads once, without retries', async () => {
    const prefix = freshQueuePrefix();
    const seen: { scanId: string; requestId?: string }[] = [];
    const worker = startWorker({
      queue: 'scan',
      connection: redis,
      prefix,
      logger,
      handlers: [
        {
          'scan.finalize': async (payload, ctx) => {
            seen.push({ scanId: payload.scanId, requestId: ctx.meta.requestId });
          },
          'user.deleted': noop,
          'scan.requeue-stuck': noop,
        },
      ],
    });
    const producer = new JobProducer(redis, prefix);
    await producer.send('scan.finalize', { scanId: 'scn_01J00000000000000000000000', userId: 'usr_01J00000000000000000000000' });
    const queue = new Queue('scan', { connection: redis, prefix });
    const bad = await queue.add('scan.finalize', { meta: {}, payload: { scanId: 'not-an-id' } }, { attempts: 5 });
    await eventually(async () => (seen.length === 1 ? true : undefined));
    // State first, then the job: a job read before it failed would show its attempts as they were.
    const failed = await eventually(async () =>
      (await queue.getJobState(bad.id!)) === 'failed' ? ((await queue.getJob(bad.id!)) as Job | undefined) : undefined,
    );
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/Invalid payload/);
    await worker.close();
    await producer.close();
    await queue.close();
  });

  it('validates payloads before they reach Redis', async () => {
    const producer = new JobProducer(redis, freshQueuePrefix());
    await expect(
      producer.send('scan.detect', { scanId: 'nope', userId: 'usr_01J00000000000000000000000' } as never),
    ).rejects.toThrow();
    await producer.close();
  });
});
