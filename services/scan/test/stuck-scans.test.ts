import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanDetail, ScanSummary } from '@bookshelf/contracts';
import { eventually, type ApiClient } from '@bookshelf/testkit';
import { SHELF_BOOKS, shelfPhoto } from './support/images';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { uploadScan } from './support/upload';

let s: ScanSystem;
let reader: ApiClient;
let inference: Queue;

beforeAll(async () => {
  s = await startScanSystem({ env: { SCAN_REQUEUE_INTERVAL_MS: '300', SCAN_STUCK_AFTER_MS: '800' } });
  reader = await s.reader();
  inference = s.inferenceQueue();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('a scan whose detect job was lost', () => {
  it('is sent again by the periodic sweep and completes once a worker runs', async () => {
    const res = await uploadScan(reader, (await shelfPhoto(SHELF_BOOKS.slice(0, 3), { width: 700, height: 500 })).image);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as ScanSummary;
    // As if the API had died between storing the scan and queueing its job.
    await (await inference.getJob(id))?.remove();
    expect(await inference.getJob(id)).toBeUndefined();

    const requeued = await eventually(async () => (await inference.getJob(id)) ?? undefined, 10_000, 100);
    expect(requeued.data).toMatchObject({ payload: { scanId: id } });
    expect((await reader.get<ScanDetail>(`/v1/scans/${id}`)).status).toBe('queued');

    await s.startWorker();
    const done = await eventually(async () => {
      const scan = await reader.get<ScanDetail>(`/v1/scans/${id}`);
      return scan.status === 'done' ? scan : undefined;
    }, 60_000, 200);
    expect(done.detections.length).toBeGreaterThanOrEqual(2);
    // Still one job for the scan: sweeping a queued scan whose job exists changes nothing.
    const jobs = await inference.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed']);
    expect(jobs.filter((j) => j.data?.payload?.scanId === id)).toHaveLength(1);
  }, 90_000);
});
