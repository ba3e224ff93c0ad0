import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanDetail, ScanSummary } from '@bookshelf/contracts';
import { eventually, type ApiClient } from '@bookshelf/testkit';
import { poisonedPng, SHELF_BOOKS, shelfPhoto, sidewaysWithExif } from './support/images';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { collectSse } from './support/sse-client';
import { uploadScan } from './support/upload';

let s: ScanSystem;
let reader: ApiClient;
let inference: Queue;

const norm = (t: string) => t.toLowerCase().replace(/[^a-z]/g, '');
/** The books whose title some detection of the scan reads. */
const titlesRead = (scan: ScanDetail, books: readonly { title: string }[]) =>
  books.filter((b) => scan.detections.some((d) => norm(d.text).includes(norm(b.title))));

async function upload(image: Buffer): Promise<ScanSummary> {
  const res = await uploadScan(reader, image);
  expect(res.status).toBe(202);
  return (await res.json()) as ScanSummary;
}

function finished(id: string): Promise<ScanDetail> {
  return eventually(
    async () => {
      const scan = await reader.get<ScanDetail>(`/v1/scans/${id}`);
      return scan.status === 'done' || scan.status === 'failed' ? scan : undefined;
    },
    60_000,
    100,
  );
}

beforeAll(async () => {
  s = await startScanSystem({ worker: true });
  reader = await s.reader();
  inference = s.inferenceQueue();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('scan outcomes', () => {
  it('turns an EXIF-rotated photo upright: upright size, upright boxes, titles read, no EXIF/GPS kept', async () => {
    const shelf = await shelfPhoto(SHELF_BOOKS.slice(0, 6), { width: 1200, height: 800 });
    const sideways = await sidewaysWithExif(shelf.image);
    const stored = await sharp(sideways).metadata();
    expect([stored.width, stored.height, stored.orientation]).toEqual([800, 1200, 6]);

    const accepted = await upload(sideways);
    expect(accepted.image).toMatchObject({ width: 1200, height: 800 });
    const scan = await finished(accepted.id);
    expect(scan.status).toBe('done');
    expect(titlesRead(scan, SHELF_BOOKS.slice(0, 6)).length).toBeGreaterThanOrEqual(5);
    // Upright spines are tall and thin in upright coordinates.
    for (const d of scan.detections) {
      const xs = d.polygon.map((p) => p[0]);
      const ys = d.polygon.map((p) => p[1]);
      expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(Math.max(...xs) - Math.min(...xs));
    }

    const dir = join(s.blobDir, 'users');
    const [userDir] = await readdir(dir);
    const derivative = await readFile(join(dir, String(userDir), 'scans', accepted.id, 'upright.jpg'));
    const meta = await sharp(derivative).metadata();
    expect([meta.width, meta.height]).toEqual([1200, 800]);
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
  });

  it('reads an HEVC HEIC photo as an iPhone sends it', async () => {
    const heic = await readFile(new URL('./fixtures/shelf.heic', import.meta.url));
    const accepted = await upload(heic);
    expect(accepted.image).toMatchObject({ width: 1200, height: 800 });
    const scan = await finished(accepted.id);
    expect(scan.status).toBe('done');
    expect(titlesRead(scan, SHELF_BOOKS.slice(0, 6)).length).toBeGreaterThanOrEqual(5);
  });

  it('fails a poisoned image once, clearly, without blocking the queue', async () => {
    const poisoned = await upload(await poisonedPng());
    const healthy = await upload((await shelfPhoto(SHELF_BOOKS.slice(0, 3), { width: 700, height: 500 })).image);

    const failed = await finished(poisoned.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toEqual({ code: 'unreadable_image', message: 'The photo could not be decoded' });
    expect(failed.detections).toEqual([]);
    const job = await inference.getJob(poisoned.id);
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);

    expect((await finished(healthy.id)).status).toBe('done');

    const streamed = await collectSse(await reader.request('GET', `/v1/scans/${poisoned.id}/events`));
    expect(streamed.at(-1)).toMatchObject({
      event: 'failed',
      data: { scanId: poisoned.id, failure: { code: 'unreadable_image', message: 'The photo could not be decoded' } },
    });
  });

  it('fails the scan, keeping its detections, when matching fails for good', async () => {
    s.library.failMatching = true;
    try {
      const accepted = await upload((await shelfPhoto(SHELF_BOOKS.slice(0, 3), { width: 700, height: 500, seed: 3 })).image);
      const scan = await eventually(
        async () => {
          const x = await reader.get<ScanDetail>(`/v1/scans/${accepted.id}`);
          return x.status === 'failed' ? x : undefined;
        },
        60_000,
        200,
      );
      expect(scan.failure?.code).toBe('matching_failed');
      expect(scan.detections.length).toBeGreaterThan(0);
      expect((await reader.request('POST', `/v1/scans/${scan.id}/confirm`, { selections: [{ detectionId: scan.detections[0]?.id, bookId: s.library.books[0]?.id }] })).status).toBe(409);
    } finally {
      s.library.failMatching = false;
    }
  });
});
