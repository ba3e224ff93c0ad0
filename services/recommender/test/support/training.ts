import type { Job } from 'bullmq';
import type { createPool } from '@bookshelf/db';
import { jobOptions } from '@bookshelf/platform';
import { eventually } from '@bookshelf/testkit';
import type { EventFeed } from './event-feed';

export interface TrainedModel {
  version: string;
  metrics: { run: { batches: number; readers: number; written: number; skipped: number } };
}

/** Runs a training job now (as an operator would from Bull Board) and waits for its run to complete. */
export async function trainNow(feed: EventFeed, db: ReturnType<typeof createPool>, jobId: string): Promise<{ job: Job; model: TrainedModel }> {
  const job = await feed.queue.add('recs.train', { meta: {}, payload: { reason: 'manual' } }, jobOptions('recs.train', { jobId }));
  await feed.settled([job], 30_000);
  const model = await eventually(async () => {
    const { rows } = await db.query(`SELECT version, metrics FROM models WHERE train_job_id = $1 AND status = 'complete'`, [jobId]);
    return rows[0] as TrainedModel | undefined;
  }, 30_000);
  return { job, model };
}
