import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES, type EventPayload, type EventType } from '@bookshelf/contracts';
import { jobOptions } from '@bookshelf/platform';
import { eventually } from '@bookshelf/testkit';
import { testId } from './ids';

export interface PublishOptions {
  eventId?: string;
  occurredAt?: Date;
  /** A different BullMQ job id for the same event: a redelivery the queue cannot deduplicate. */
  jobId?: string;
}

/**
 * Puts events on the recommender's queue exactly as the outbox relay does (job name = event
 * type, job id = event id, `{ meta: { eventId, occurredAt }, payload }`), for producers
 * that are not running in the test (catalogue, library).
 */
export class EventFeed {
  readonly redis: Redis;
  readonly queue: Queue;

  constructor(redisUrl: string, prefix: string) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(QUEUES.recommender, { connection: this.redis, prefix });
  }

  async publish<T extends EventType>(type: T, payload: EventPayload<T>, opts: PublishOptions = {}): Promise<Job> {
    const occurredAt = opts.occurredAt ?? new Date();
    const eventId = opts.eventId ?? testId('evt', occurredAt.getTime());
    return this.queue.add(
      type,
      { meta: { eventId, occurredAt: occurredAt.toISOString() }, payload },
      jobOptions(type, { jobId: opts.jobId ?? eventId }),
    );
  }

  /** Resolves once every given job completed (a failed one fails the test). */
  async settled(jobs: Job[], timeoutMs = 20_000): Promise<void> {
    await eventually(async () => {
      for (const job of jobs) {
        const state = await this.queue.getJobState(job.id!);
        if (state === 'failed') {
          const failed = await this.queue.getJob(job.id!);
          throw new Error(`job ${job.name} ${job.id} failed: ${failed?.failedReason}`);
        }
        if (state !== 'completed' && state !== 'unknown') return undefined;
      }
      return true;
    }, timeoutMs);
  }

  async publishAll(events: Parameters<EventFeed['publish']>[]): Promise<void> {
    const jobs: Job[] = [];
    for (const e of events) jobs.push(await this.publish(...e));
    await this.settled(jobs);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}
