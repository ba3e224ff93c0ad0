import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobMeta, jobPolicy, jobsForQueue, payloadSchema, type JobName, type JobPayload, type QueueName } from '@bookshelf/contracts';
import { runWithContext } from '../context';
import type { Logger } from '../logger';
import { jobDuration } from '../metrics';

export interface JobContext {
  job: Job;
  meta: JobMeta;
  signal: AbortSignal;
  logger: Logger;
}

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<unknown>;
export type HandlerSet = { [N in JobName]?: JobHandler<N> };

export class HandlerRegistrationError extends Error {
  override name = 'HandlerRegistrationError';
}

/** Every job routed to a queue must have exactly one handler, or the worker refuses to start. */
export function mergeHandlers(queue: QueueName, sets: HandlerSet[]): HandlerSet {
  const merged: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const set of sets) {
    for (const [name, handler] of Object.entries(set)) {
      if (merged[name]) problems.push(`"${name}" has two handlers`);
      merged[name] = handler;
    }
  }
  const expected = new Set<string>(jobsForQueue(queue));
  for (const name of expected) if (!merged[name]) problems.push(`"${name}" has no handler`);
  for (const name of Object.keys(merged)) if (!expected.has(name)) problems.push(`"${name}" is not routed to queue "${queue}"`);
  if (problems.length) throw new HandlerRegistrationError(`Queue "${queue}": ${problems.join('; ')}`);
  return merged as HandlerSet;
}

export interface WorkerOptions {
  queue: QueueName;
  connection: Redis;
  prefix: string;
  handlers: HandlerSet[];
  logger: Logger;
  concurrency?: number;
  lockDurationMs?: number;
  /** How often to look for jobs whose worker died (their lock expired); BullMQ's default is 30 s. */
  stalledIntervalMs?: number;
  /** How many times a job may lose its worker before it fails for good (default 2). */
  maxStalledCount?: number;
}

function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, ms: number, label: string): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${label} timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([work(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

/** A BullMQ worker that validates payloads (bad ones fail as unrecoverable) and logs with job context. */
export function startWorker(opts: WorkerOptions): Worker {
  const handlers = mergeHandlers(opts.queue, opts.handlers);
  const worker = new Worker(
    opts.queue,
    async (job: Job) => {
      const name = job.name as JobName;
      const handler = handlers[name] as JobHandler<JobName> | undefined;
      if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}"`);
      const data = (job.data ?? {}) as { meta?: unknown; payload?: unknown };
      const meta = JobMeta.safeParse(data.meta ?? {});
      const payload = payloadSchema(name).safeParse(data.payload);
      return runWithContext(
        { requestId: meta.success ? meta.data.requestId : undefined, jobId: job.id, jobName: job.name },
        async () => {
          if (!payload.success || !meta.success) {
            const msg = !payload.success ? payload.error.message : 'invalid job metadata';
            opts.logger.error({ issues: msg }, 'invalid job payload; failing without retry');
            throw new UnrecoverableError(`Invalid payload for "${job.name}": ${msg}`);
          }
          const started = process.hrtime.bigint();
          let outcome = 'failed';
          try {
            const result = await withTimeout(
              (signal) =>
                handler(payload.data as JobPayload<JobName>, { job, meta: meta.data, signal, logger: opts.logger }),
              jobPolicy(name).timeoutMs,
              job.name,
            );
            outcome = 'completed';
            return result;
          } catch (err) {
            opts.logger.warn({ err, attempt: job.attemptsMade + 1 }, 'job failed');
            throw err;
          } finally {
            jobDuration.observe(
              { queue: opts.queue, job: job.name, outcome },
              Number(process.hrtime.bigint() - started) / 1e9,
            );
          }
        },
      );
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? 4,
      lockDuration: opts.lockDurationMs ?? 30_000,
      ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
      maxStalledCount: opts.maxStalledCount ?? 2,
    },
  );
  worker.on('error', (err) => opts.logger.error({ err }, 'worker error'));
  return worker;
}
