import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSummary } from '@bookshelf/contracts';
import type { ApiClient } from '@bookshelf/testkit';
import { withDb } from './support/db';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { collectSse } from './support/sse-client';
import { uploadScan } from './support/upload';

let s: ScanSystem;
let reader: ApiClient;

beforeAll(async () => {
  // No worker: the scan stays queued, so the stream stays open on its own.
  s = await startScanSystem({ env: { SCAN_SSE_HEARTBEAT_MS: '200', SCAN_SSE_MAX_MS: '1500' } });
  reader = await s.reader();
});
afterAll(() => s?.close());

async function queuedScan(): Promise<string> {
  const photo = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#345' } }).jpeg().toBuffer();
  return ((await (await uploadScan(reader, photo)).json()) as ScanSummary).id;
}

describe('GET /v1/scans/{id}/events', () => {
  it('keeps the connection alive with heartbeats and ends at its maximum lifetime', async () => {
    const id = await queuedScan();
    const started = Date.now();
    const res = await reader.request('GET', `/v1/scans/${id}/events`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toMatch(/no-cache/);
    const text = await res.text(); // resolves when the server ends the stream
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(text).toMatch(/^retry: \d+/);
    expect(text).toContain('event: progress\ndata: {"scanId":"' + id + '","status":"queued"');
    expect(text.match(/^: keep-alive$/gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });

  it('notices a finish it was not told about live (the database is the record)', async () => {
    const id = await queuedScan();
    const res = await reader.request('GET', `/v1/scans/${id}/events`);
    const events = collectSse(res, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    // Fail it behind the stream's back: no pub/sub message is sent.
    await withDb(String(s.sys.env.DATABASE_URL), (db) =>
      db.query(`UPDATE scan.scans SET status = 'failed', failure_code = 'processing_failed', failure_message = 'x' WHERE id = $1`, [id]),
    );
    const got = await events;
    expect(got.at(-1)).toEqual({ event: 'failed', id: '0-0', data: { scanId: id, failure: { code: 'processing_failed', message: 'x' } } });
  });
});
