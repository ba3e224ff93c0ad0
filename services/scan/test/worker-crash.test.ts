import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanDetail, ScanSummary } from '@bookshelf/contracts';
import { eventually, type ApiClient } from '@bookshelf/testkit';
import { scanChannel } from '../src/events/scan-channel';
import { spawnScanWorker } from '../src/spawn-worker';
import { withDb } from './support/db';
import { shelfPhoto } from './support/images';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { uploadScan } from './support/upload';

const WORDS = ['Silent', 'River', 'Golden', 'Winter', 'Hidden', 'Garden', 'Broken', 'Empire', 'Distant', 'Shore', 'Iron', 'Crown'];
const MANY_BOOKS = Array.from({ length: 24 }, (_, i) => ({
  title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 5 + 3) % WORDS.length]}`,
  author: `Author ${i + 1}`,
}));

let s: ScanSystem;
let reader: ApiClient;
const children: ChildProcess[] = [];

// Short enough that the dead worker's scan is taken over in seconds, long enough that a busy
// (CPU-starved) live worker still renews its lock in time.
const LOCK = { SCAN_INFERENCE_LOCK_MS: '8000', SCAN_INFERENCE_STALLED_INTERVAL_MS: '1000' };

function spawnWorker(): ChildProcess {
  const child = spawnScanWorker({ ...s.sys.env, ...LOCK }, ['ignore', 'ignore', 'inherit']);
  children.push(child);
  return child;
}

beforeAll(async () => {
  s = await startScanSystem();
  reader = await s.reader();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await s?.close();
});

describe('a worker killed mid-scan', () => {
  it('leaves the scan completed exactly once, by the next worker', async () => {
    const shelf = await shelfPhoto(MANY_BOOKS, { width: 1800, height: 1100, shelves: 2, seed: 11 });
    const res = await uploadScan(reader, shelf.image);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as ScanSummary;

    // Watch the scan's live events and kill the first worker as soon as it has stored a spine.
    const sub = new Redis(String(s.sys.env.REDIS_URL));
    await sub.subscribe(scanChannel(String(s.sys.env.QUEUE_PREFIX), id));
    const first = spawnWorker();
    const exited = once(first, 'exit');
    await new Promise<void>((resolve) => {
      sub.on('message', (_channel: string, raw: string) => {
        if ((JSON.parse(raw) as { type: string }).type === 'detection' && first.exitCode === null) {
          first.kill('SIGKILL');
          resolve();
        }
      });
    });
    await exited;
    await sub.quit();

    const midway = await reader.get<ScanDetail>(`/v1/scans/${id}`);
    expect(midway.status).toBe('processing');
    expect(midway.detections.length).toBeGreaterThan(0);
    expect(midway.detections.length).toBeLessThan(MANY_BOOKS.length);

    const second = spawnWorker();
    const done = await eventually(
      async () => {
        const scan = await reader.get<ScanDetail>(`/v1/scans/${id}`);
        return scan.status === 'done' || scan.status === 'failed' ? scan : undefined;
      },
      90_000,
      250,
    );
    expect(done.failure).toBeNull();
    expect(done.status).toBe('done');

    // One set of detections, all from the second attempt, numbered 1..n without gaps or repeats.
    expect(done.detections.map((d) => d.order)).toEqual(done.detections.map((_, i) => i + 1));
    expect(done.detections.length).toBeGreaterThanOrEqual(MANY_BOOKS.length - 2);
    const rows = await withDb(String(s.sys.env.DATABASE_URL), async (db) => {
      const attempts = await db.query<{ attempt: number; n: string }>(
        `SELECT attempt, count(*) AS n FROM scan.detections WHERE scan_id = $1 GROUP BY attempt`,
        [id],
      );
      const scan = await db.query<{ attempt: number }>(`SELECT attempt FROM scan.scans WHERE id = $1`, [id]);
      return { attempts: attempts.rows, scanAttempt: scan.rows[0]?.attempt };
    });
    expect(rows.scanAttempt).toBe(2);
    expect(rows.attempts).toEqual([{ attempt: 2, n: String(done.detections.length) }]);
    const midwayIds = new Set(midway.detections.map((d) => d.id));
    expect(done.detections.some((d) => midwayIds.has(d.id))).toBe(false);

    // Matched and finalized once.
    expect(s.library.matchCalls.filter((c) => c.scanId === id)).toHaveLength(1);

    // And a worker asked to stop (SIGTERM) shuts down cleanly.
    const stopped = once(second, 'exit');
    second.kill('SIGTERM');
    expect(await stopped).toEqual([0, null]);
  }, 150_000);
});
