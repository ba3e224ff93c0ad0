import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobMeta, QUEUES, jobPolicy, payloadSchema, type JobName, type JobPayload } from '@bookshelf/contracts';
import { jobDuration, mergeHandlers, runWithContext, type HandlerSet, type JobHandler, type Logger } from '@bookshelf/platform';

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
 * The scan-inference worker. Same contract as the platform's startWorker (every job routed to
 * the queue has one handler, payloads validated, bad ones unrecoverable, context on every log
 * line), plus the stall settings a CPU-heavy queue needs, which the platform worker does not take.
 */
export function startInferenceWorker(opts: InferenceWorkerOptions): Worker {
  const handlers = mergeHandlers(QUEUES.scanInference, opts.handlers);
  const worker = new Worker(
    QUEUES.scanInference,
    async (job: Job) => {
      const name = job.name as JobName;
      const handler = handlers[name] as JobHandler<JobName> | undefined;
      if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}"`);
      const data = (job.data ?? {}) as { meta?: unknown; payload?: unknown };
      const meta = JobMeta.safeParse(data.meta ?? {});
      const payload = payloadSchema(name).safeParse(data.payload);
      return runWithContext({ requestId: meta.success ? meta.data.requestId : undefined, jobId: job.id, jobName: job.name }, async () => {
        if (!payload.success || !meta.success) {
          opts.logger.error('invalid job payload; failing without retry');
          throw new UnrecoverableError(`Invalid payload for "${job.name}"`);
        }
        const started = process.hrtime.bigint();
        let outcome = 'failed';
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        try {
          const timeoutMs = jobPolicy(name).timeoutMs;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              controller.abort();
              reject(new Error(`${job.name} timed out after ${timeoutMs} ms`));
            }, timeoutMs);
          });
          const ctx = { job, meta: meta.data, signal: controller.signal, logger: opts.logger };
          const result = await Promise.race([handler(payload.data as JobPayload<JobName>, ctx), timeout]);
          outcome = 'completed';
          return result;
        } finally {
          clearTimeout(timer);
          jobDuration.observe({ queue: QUEUES.scanInference, job: job.name, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
        }
      });
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      lockDuration: opts.lockDurationMs,
      stalledInterval: opts.stalledIntervalMs,
      // One crash mid-scan is retried; a photo that takes its worker down twice is given up on.
      maxStalledCount: 1,
    },
  );
  worker.on('error', (err) => opts.logger.error({ err }, 'worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    void (async () => {
      if ((await job.getState()) !== 'failed') return;
      await opts.onGaveUp(job, err.message);
    })().catch((e: unknown) => opts.logger.error({ err: e, jobId: job.id }, 'could not record a failed job'));
  });
  return worker;
}
