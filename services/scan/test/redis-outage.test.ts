import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanDetail, ScanSummary } from '@bookshelf/contracts';
import { DisposableRedis, eventually, type ApiClient } from '@bookshelf/testkit';
import { HEADER_24, goodreadsLine } from '../../library/src/domain/goodreads/goodreads-fixtures';
import { shelfPhoto } from './support/images';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { uploadScan } from './support/upload';

/**
 * Redis down: the routes that need it to queue work (upload a scan, upload an import, confirm a
 * scan) answer 503 problem+json at once instead of hanging or failing with 500, and leave nothing
 * half-done behind; once Redis is back they work again.
 */

const ON_THE_SHELF = [
  { title: 'The Hunger Games', author: 'Suzanne Collins' },
  { title: 'Pride and Prejudice', author: 'Jane Austen' },
  { title: 'The Great Gatsby', author: 'F. Scott Fitzgerald' },
];
const CSV = [HEADER_24, goodreadsLine({ Title: 'The Hobbit', Author: 'J.R.R. Tolkien', 'My Rating': '4', 'Exclusive Shelf': 'read' })].join('\n');

let redis: DisposableRedis;
let s: ScanSystem;
let reader: ApiClient;

interface Timed {
  status: number;
  type: string;
  ms: number;
  text: string;
}
/** One call with a hard 20 s cap, so a hanging route fails the test by name instead of timing it out. */
async function timed(method: string, path: string, body: RequestInit['body'], headers: Record<string, string> = {}): Promise<Timed> {
  const started = Date.now();
  try {
    const res = await fetch(`${reader.baseUrl}${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${reader.token}`, ...headers },
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', ms: Date.now() - started, text };
  } catch (err) {
    return { status: 0, type: '', ms: Date.now() - started, text: `no answer: ${String(err)}` };
  }
}

function photoForm(image: Uint8Array): FormData {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'shelf.jpg');
  return form;
}

async function finishedScan(id: string): Promise<ScanDetail> {
  return eventually(async () => {
    const scan = await reader.get<ScanDetail>(`/v1/scans/${id}`);
    return scan.status === 'done' || scan.status === 'failed' ? scan : undefined;
  }, 120_000, 250);
}

async function libraryBookIds(): Promise<string[]> {
  return (await reader.get<{ items: { bookId: string }[] }>('/v1/library/me/books?limit=100')).items.map((e) => e.bookId).sort();
}

beforeAll(async () => {
  redis = await DisposableRedis.start();
  s = await startScanSystem({ library: 'real', worker: true, env: { REDIS_URL: redis.url } });
  reader = await s.reader();
}, 180_000);
afterAll(async () => {
  // Bounded: the library's import request that hung through the outage (see the known bug below)
  // can keep its server from closing.
  await Promise.race([s?.close(), new Promise((r) => setTimeout(r, 30_000))]);
  await redis?.stop();
}, 90_000);

describe('Redis down', () => {
  it('answers 503 quickly on the routes that queue work, loses nothing committed, and works again after a restart', async () => {
    const photo = await shelfPhoto(ON_THE_SHELF, { width: 700, height: 500, seed: 3 });
    const before = (await (await uploadScan(reader, photo.image)).json()) as ScanSummary;
    const scan = await finishedScan(before.id);
    expect(scan.status).toBe('done');
    const selections = scan.detections.filter((d) => d.suggestedBookId).map((d) => ({ detectionId: d.id, bookId: d.suggestedBookId as string }));
    expect(selections.length).toBeGreaterThan(0);
    expect(await libraryBookIds()).toEqual([]);

    await redis.stop();

    const other = await shelfPhoto(ON_THE_SHELF.slice(0, 2), { width: 600, height: 400, seed: 9 });
    const during = {
      upload: await timed('POST', '/v1/scans', photoForm(other.image), { 'idempotency-key': 'outage-upload' }),
      confirm: await timed('POST', `/v1/scans/${scan.id}/confirm`, JSON.stringify({ selections, shelfLabel: 'Study' }), { 'content-type': 'application/json' }),
    };
    for (const [name, r] of Object.entries(during)) {
      expect(r.status, `${name}: ${r.text}`).toBe(503);
      expect(r.type, name).toContain('application/problem+json');
      expect((JSON.parse(r.text) as { requestId?: string }).requestId, name).toBeTruthy();
      expect(r.ms, name).toBeLessThan(8_000);
    }
    // Reading what Postgres holds still works.
    expect((await reader.request('GET', `/v1/scans/${scan.id}`)).status).toBe(200);

    await redis.restart();

    // Nothing the failed requests committed is left dangling: no scan or import that nobody will
    // ever process, and no confirmation whose books never reach the library.
    const scansAfter = await reader.get<{ items: ScanSummary[] }>('/v1/scans');
    expect(scansAfter.items.map((x) => x.id)).toEqual([before.id]);
    const afterOutage = await reader.get<ScanDetail>(`/v1/scans/${scan.id}`);
    expect(afterOutage.confirmedAt, 'a confirmation answered 503 must not stay recorded without its books').toBeNull();

    // And everything works again (the request connections reconnect within a few seconds).
    const upload = await eventually(async () => {
      const res = await uploadScan(reader, other.image, { idempotencyKey: 'outage-upload' });
      return res.status === 202 ? ((await res.json()) as ScanSummary) : undefined;
    }, 30_000, 250);
    expect((await finishedScan(upload.id)).status).toBe('done');

    await reader.json('POST', `/v1/scans/${scan.id}/confirm`, { selections, shelfLabel: 'Study' }, 202);
    const scanned = await eventually(async () => {
      const ids = await libraryBookIds();
      return ids.length >= selections.length ? ids : undefined;
    }, 60_000, 250);
    expect(scanned).toEqual(selections.map((x) => x.bookId).sort());
  }, 300_000);

  it('answers 503 quickly on POST /v1/library/me/imports, and imports again after a restart', async () => {
    await redis.stop();
    try {
      const r = await timed('POST', '/v1/library/me/imports', CSV, { 'content-type': 'text/csv' });
      expect(r.status, r.text).toBe(503);
      expect(r.type).toContain('application/problem+json');
      expect(r.ms).toBeLessThan(8_000);
    } finally {
      await redis.restart();
    }
    const imports = await reader.get<{ items: { id: string; status: string }[] }>('/v1/library/me/imports');
    expect(imports.items).toEqual([]);
    const imp = await eventually(async () => {
      const res = await reader.request('POST', '/v1/library/me/imports', CSV, { 'content-type': 'text/csv' });
      return res.status === 202 ? ((await res.json()) as { id: string }) : undefined;
    }, 30_000, 250);
    await eventually(async () => {
      const d = await reader.get<{ status: string }>(`/v1/library/me/imports/${imp.id}`);
      return d.status === 'completed' ? d : undefined;
    }, 60_000, 250);
  }, 120_000);
});
