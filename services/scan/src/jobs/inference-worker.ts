import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '@bookshelf/contracts';
import { startWorker, type HandlerSet, type Logger } from '@bookshelf/platform';

export interface InferenceWorkerOptions {
  connection: Redis;
  prefix: string;
  handlers: HandlerSet[];
  logger: Logger;
  concurrency: number;
  lockDurationMs: number;
  /** How often locks are checked: with the lock, how soon a killed worker's scan is picked up again. */
  stalledIntervalMs: number;
  /** A job that will not run again (e.g. it kept killing its worker, so no handler recorded why). */
  onGaveUp: (job: Job, reason: string) => Promise<void>;
}

/**
 * The scan-inference worker: the platform worker with the stall settings a CPU-heavy queue
 * needs, and a hook for scans that will never run again.
 */
export function startInferenceWorker(opts: InferenceWorkerOptions): Worker {
  const worker = startWorker({
    queue: QUEUES.scanInference,
    connection: opts.connection,
    prefix: opts.prefix,
    handlers: opts.handlers,
    logger: opts.logger,
    concurrency: opts.concurrency,
    lockDurationMs: opts.lockDurationMs,
    stalledIntervalMs: opts.stalledIntervalMs,
    // One crash mid-scan is retried; a photo that takes its worker down twice is given up on.
    maxStalledCount: 1,
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    void (async () => {
      if ((await job.getState()) !== 'failed') return;
      await opts.onGaveUp(job, err.message);
    })().catch((e: unknown) => opts.logger.error({ err: e, jobId: job.id }, 'could not record a failed job'));
  });
  return worker;
}
