import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '@bookshelf/db';
import { jobOptions } from '@bookshelf/platform';
import { startSystem, type System } from '@bookshelf/testkit';
import { EventFeed } from './support/event-feed';
import { seedCommunity } from './support/seed';
import { trainNow } from './support/training';

let sys: System;
let feed: EventFeed;
let db: ReturnType<typeof createPool>;
let readers: string[];

beforeAll(async () => {
  sys = await startSystem({
    services: ['recommender'],
    env: { RECS_TRAIN_CRON: 'off', RECS_BATCH_USERS: '5', RECS_MODEL: 'item-knn', RECS_TOP_N: '8', RECS_REFRESH_DELAY_MS: '60000' },
  });
  feed = new EventFeed(sys.env.REDIS_URL!, sys.env.QUEUE_PREFIX!);
  db = createPool({ url: sys.env.DATABASE_URL!, schema: 'recs' });
  readers = (await seedCommunity(feed)).readers;
});
afterAll(async () => {
  await feed?.close();
  await db?.end();
  await sys?.close();
});

async function listsByVersion(): Promise<Record<string, number>> {
  const { rows } = await db.query(`SELECT model_version, count(*)::int AS n FROM recommendation_lists GROUP BY 1`);
  return Object.fromEntries(rows.map((r: { model_version: string; n: number }) => [r.model_version, r.n]));
}

async function assertListsConsistent(): Promise<void> {
  const { rows } = await db.query(
    `SELECT l.user_id FROM recommendation_lists l LEFT JOIN recommendations r USING (user_id)
      GROUP BY l.user_id, l.item_count, l.model_version
     HAVING count(r.book_id) <> l.item_count OR bool_or(r.model_version <> l.model_version)
         OR count(r.book_id) <> count(DISTINCT r.rank)`,
  );
  expect(rows).toEqual([]);
}

describe('training runs', () => {
  it('run twice: the second model replaces every list, nothing is duplicated', async () => {
    const first = await trainNow(feed, db, 'train-one');
    const second = await trainNow(feed, db, 'train-two');
    expect(second.model.version > first.model.version).toBe(true);
    expect(second.model.metrics.run).toMatchObject({ batches: 3, readers: readers.length, written: readers.length });
    expect(await listsByVersion()).toEqual({ [second.model.version]: readers.length });
    await assertListsConsistent();
    const { rows } = await db.query(`SELECT kind, params->>'name' AS name FROM models WHERE version = $1`, [second.model.version]);
    expect(rows[0]).toMatchObject({ kind: 'item-knn', name: expect.stringContaining('ItemKNN') });
  });

  it('a retried training job reuses its model and batch plan instead of training again', async () => {
    const { job, model } = await trainNow(feed, db, 'train-retried');
    await job.remove();
    await trainNow(feed, db, 'train-retried');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM models WHERE train_job_id = 'train-retried'`);
    expect(rows[0].n).toBe(1);
    expect(await listsByVersion()).toEqual({ [model.version]: readers.length });
    await assertListsConsistent();
  });

  it('a batch killed half-way resumes: readers already written are skipped, the rest are written once', async () => {
    const { model } = await trainNow(feed, db, 'train-resume');
    const { rows: older } = await db.query(`SELECT version FROM models WHERE version < $1 ORDER BY version DESC LIMIT 1`, [model.version]);
    // The state a kill leaves behind: half the readers still hold the previous model's list.
    const half = readers.slice(0, Math.floor(readers.length / 2));
    await db.query(`UPDATE recommendation_lists SET model_version = $2 WHERE user_id = ANY($1)`, [half, older[0].version]);
    await db.query(`UPDATE recommendations SET model_version = $2 WHERE user_id = ANY($1)`, [half, older[0].version]);

    const rerun = await feed.queue.add(
      'recs.train-batch',
      { meta: {}, payload: { modelVersion: model.version, userIds: readers } },
      jobOptions('recs.train-batch', { jobId: `${model.version}-rerun` }),
    );
    await feed.settled([rerun]);
    const done = await feed.queue.getJob(rerun.id!);
    expect(done?.returnvalue).toMatchObject({ readers: readers.length, written: half.length, skipped: readers.length - half.length });
    expect(await listsByVersion()).toEqual({ [model.version]: readers.length });
    await assertListsConsistent();
  });
});
