import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, createPool } from '@bookshelf/db';
import { jobOptions } from '@bookshelf/platform';
import { eventually, freePort, freshDatabase, freshQueuePrefix, waitForHttp } from '@bookshelf/testkit';
import { inject } from 'vitest';

/**
 * The recommender process SIGKILLed in the middle of a training run (some batches of reader
 * lists written, others not): a new process finishes the same run, and every reader ends up
 * with exactly one list, all from that one model, nothing duplicated.
 */

const READERS = 6_000;
const BOOKS = 300;
const TRAIN_JOB = 'train-killed';
const BATCH = 20;

let env: NodeJS.ProcessEnv;
let db: ReturnType<typeof createPool>;
let redis: Redis;
let queue: Queue;
const children: ChildProcess[] = [];

function spawnRecommender(): { child: ChildProcess; url: Promise<string> } {
  // node itself runs the entry (not the tsx CLI, which would survive as an orphan of a SIGKILLed wrapper).
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'services/recommender/src/main.ts')], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const url = `http://127.0.0.1:${env.RECOMMENDER_PORT}`;
  return { child, url: waitForHttp(`${url}/healthz`, 60_000).then(() => url) };
}

async function modelOfRun(): Promise<{ version: string; status: string; metrics: { run?: { readers: number; written: number; skipped: number; failedBatches?: number } } } | undefined> {
  const { rows } = await db.query(`SELECT version, status, metrics FROM models WHERE train_job_id = $1`, [TRAIN_JOB]);
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0];
}

async function listsOf(version: string): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM recommendation_lists WHERE model_version = $1`, [version]);
  return rows[0].n as number;
}

beforeAll(async () => {
  // A port the OS says is free: a random one once landed on RabbitMQ's 25672 on a CI machine.
  const port = await freePort();
  env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    DATABASE_URL: await freshDatabase(),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: freshQueuePrefix(),
    INTERNAL_TOKEN_SECRET: 'test-internal-secret-0123456789abcdef',
    HOST: '127.0.0.1',
    RECOMMENDER_PORT: String(port),
    RECS_TRAIN_CRON: 'off',
    RECS_MODEL: 'item-knn',
    RECS_BATCH_USERS: String(BATCH),
    RECS_TOP_N: '20',
    RECS_WORKER_CONCURRENCY: '1',
    RECS_WORKER_LOCK_MS: '30000',
    RECS_WORKER_STALLED_INTERVAL_MS: '1000',
  };
  db = createPool({ url: env.DATABASE_URL!, schema: 'recs' });
  // A community straight into the projections: READERS readers, each with 8 books out of BOOKS,
  // drawn so that neighbouring readers share tastes.
  await db.query(
    `INSERT INTO books (id, title, source_at, source_event_id)
     SELECT 'bk_' || lpad(g::text, 26, '0'), 'Book ' || g, now(), 'evt_seed_' || g FROM generate_series(1, $1) g`,
    [BOOKS],
  );
  await db.query(`INSERT INTO users (id) SELECT 'usr_' || lpad(g::text, 26, '0') FROM generate_series(1, $1) g`, [READERS]);
  await db.query(
    `INSERT INTO interactions (user_id, book_id, user_book_id, status, rating, strength, occurred_at, event_id)
     SELECT 'usr_' || lpad(u::text, 26, '0'),
            'bk_' || lpad((((u % 37) * 7 + k * 13) % $2 + 1)::text, 26, '0'),
            'ub_' || lpad((u * 10 + k)::text, 26, '0'), 'read', 4, 1.0, now(), 'evt_' || u || '_' || k
       FROM generate_series(1, $1) u, generate_series(0, 7) k
     ON CONFLICT DO NOTHING`,
    [READERS, BOOKS],
  );
  redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null });
  queue = new Queue('recommender', { connection: redis, prefix: env.QUEUE_PREFIX });
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await queue?.close();
  redis?.disconnect();
  await db?.end();
});

describe('recommender killed mid-training', () => {
  it('finishes the run in the next process: one model, one list per reader, nothing twice', async () => {
    const first = spawnRecommender();
    await first.url;
    await queue.add('recs.train', { meta: {}, payload: { reason: 'manual' } }, jobOptions('recs.train', { jobId: TRAIN_JOB }));

    // Kill it once some readers hold the new model's list and the run is not finished.
    const seen = await eventually(
      async () => {
        const m = await modelOfRun();
        if (!m) return undefined;
        if (m.status === 'complete') return { version: m.version, tooLate: true };
        return (await listsOf(m.version)) >= 2 * BATCH ? { version: m.version, tooLate: false } : undefined;
      },
      180_000,
      10,
    );
    expect(seen.tooLate, 'the run finished before it could be killed; make it larger').toBe(false);
    const version = seen.version;
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    const atKill = await listsOf(version);
    expect(atKill).toBeLessThan(READERS);

    const second = spawnRecommender();
    await second.url;
    const done = await eventually(
      async () => {
        const m = await modelOfRun();
        return m?.status === 'complete' ? m : undefined;
      },
      240_000,
      500,
    );
    expect(done.version).toBe(version);
    expect(done.metrics.run?.readers).toBe(READERS);
    // Every reader accounted for once: written by some attempt, or skipped because the killed attempt already had.
    expect((done.metrics.run?.written ?? 0) + (done.metrics.run?.skipped ?? 0)).toBe(READERS);
    expect(done.metrics.run?.failedBatches ?? 0).toBe(0);

    // One list per reader, all from this model, each list's rows matching its header.
    expect(await listsOf(version)).toBe(READERS);
    const { rows: total } = await db.query(`SELECT count(*)::int AS n FROM recommendation_lists`);
    expect(total[0].n).toBe(READERS);
    const { rows: inconsistent } = await db.query(
      `SELECT l.user_id FROM recommendation_lists l LEFT JOIN recommendations r USING (user_id)
        GROUP BY l.user_id, l.item_count, l.model_version
       HAVING count(r.book_id) <> l.item_count OR bool_or(r.model_version <> l.model_version)
           OR count(r.book_id) <> count(DISTINCT r.rank)`,
    );
    expect(inconsistent).toEqual([]);
    const { rows: models } = await db.query(`SELECT count(*)::int AS n FROM models`);
    expect(models[0].n).toBe(1);

    const stopped = new Promise((r) => second.child.once('exit', (code) => r(code)));
    second.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 300_000);
});
