import type { Queue } from 'bullmq';
import { envelope, jobOptions } from '@bookshelf/platform';

export const TRAIN_SCHEDULER_ID = 'recs-train';

/**
 * The recurring training run as a BullMQ job scheduler. Upserting is idempotent, so every
 * replica may call it at start; "off" removes the schedule.
 */
export async function ensureTrainingSchedule(queue: Queue, cron: string, tz: string): Promise<void> {
  if (cron === 'off') {
    await queue.removeJobScheduler(TRAIN_SCHEDULER_ID);
    return;
  }
  await queue.upsertJobScheduler(
    TRAIN_SCHEDULER_ID,
    { pattern: cron, tz },
    { name: 'recs.train', data: envelope('recs.train', { reason: 'schedule' }), opts: jobOptions('recs.train') },
  );
}
