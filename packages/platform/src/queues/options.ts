import type { JobsOptions } from 'bullmq';
import { jobPolicy, type JobName } from '@bookshelf/contracts';

/** Retention is bounded so Redis memory stays flat however many jobs run. */
export const RETENTION = {
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 5_000, age: 7 * 24 * 3600 },
} as const;

export function jobOptions(name: JobName, extra: JobsOptions = {}): JobsOptions {
  const policy = jobPolicy(name);
  return {
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs },
    ...RETENTION,
    ...extra,
  };
}
