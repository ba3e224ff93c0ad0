import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfirmScanResponse, ScanDetail, ScanDetection, ScanPage, ScanProgressEvent, ScanSummary } from '@bookshelf/contracts';
import { eventually, type ApiClient } from '@bookshelf/testkit';
import { SHELF_BOOKS, shelfPhoto } from './support/images';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { collectSse, type SseEvent } from './support/sse-client';
import { uploadScan } from './support/upload';

let s: ScanSystem;
let reader: ApiClient;
let scan: ScanDetail;
let streamed: SseEvent[];

const norm = (t: string) => t.toLowerCase().replace(/[^a-z]/g, '');

function events(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return collectSse(res);
}

beforeAll(async () => {
  s = await startScanSystem({ worker: true });
  reader = await s.reader();
  const shelf = await shelfPhoto();
  const upload = await uploadScan(reader, shelf.image);
  expect(upload.status).toBe(202);
  const { id } = (await upload.json()) as ScanSummary;
  // Subscribe straight away: the stream follows the scan live until it is done, then closes.
  streamed = await events(await reader.request('GET', `/v1/scans/${id}/events`));
  scan = await reader.get<ScanDetail>(`/v1/scans/${id}`);
}, 120_000);
afterAll(() => s?.close());

describe('a scan, from upload to library', () => {
  it('streams progress, one event per detection in shelf order, then done with candidates', () => {
    const names = streamed.map((e) => e.event);
    expect(names[0]).toBe('progress');
    expect(names.at(-1)).toBe('done');
    const detections = streamed.filter((e) => e.event === 'detection').map((e) => e.data as ScanDetection);
    expect(detections.map((d) => d.order)).toEqual(scan.detections.map((d) => d.order));
    expect(detections.map((d) => d.id)).toEqual(scan.detections.map((d) => d.id));
    const stages = streamed.filter((e) => e.event === 'progress').map((e) => (e.data as ScanProgressEvent).stage);
    expect(stages).toContain('matching');
    const done = streamed.at(-1)?.data as ScanDetail;
    expect(done.status).toBe('done');
    expect(done.detections.some((d) => d.candidates.length > 0)).toBe(true);
  });

  it('stores detections with polygons, order, shelf and text; the titles are matched to the catalogue', () => {
    expect(scan.status).toBe('done');
    expect(scan.image).toMatchObject({ width: 1400, height: 900, mediaType: 'image/jpeg' });
    expect(scan.detections.length).toBeGreaterThanOrEqual(SHELF_BOOKS.length - 1);
    for (const d of scan.detections) {
      expect(d.polygon).toHaveLength(4);
      for (const [x, y] of d.polygon) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1400);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(900);
      }
      expect(d.shelfIndex).toBe(0);
      expect(d.shelfLabel).toBe('Shelf 1');
    }
    expect(scan.detections.map((d) => d.position)).toEqual(scan.detections.map((_, i) => i + 1));
    const suggested = scan.detections.map((d) => d.suggestedBookId).filter((id): id is string => id !== null);
    expect(suggested.length).toBeGreaterThanOrEqual(SHELF_BOOKS.length - 1);
    for (const d of scan.detections.filter((x) => x.suggestedBookId)) {
      const book = s.library.books.find((b) => b.id === d.suggestedBookId);
      expect(norm(d.text)).toContain(norm(book?.title ?? '?'));
      expect(d.candidates[0]?.book.id).toBe(d.suggestedBookId);
    }
    // The matcher got the texts once, for the whole shelf.
    expect(s.library.matchCalls).toHaveLength(1);
  });

  it('replays everything to a late subscriber and closes', async () => {
    const late = await events(await reader.request('GET', `/v1/scans/${scan.id}/events`));
    expect(late.filter((e) => e.event === 'detection')).toHaveLength(scan.detections.length);
    expect(late.at(-1)?.event).toBe('done');
  });

  it('numbers its events, and a client reconnecting with Last-Event-ID gets only the detections it lacks', async () => {
    const detections = streamed.filter((e) => e.event === 'detection');
    expect(streamed.every((e) => /^\d+-\d+$/.test(e.id ?? ''))).toBe(true);
    const attempt = (streamed.at(-1)?.id ?? '').split('-')[0];
    expect(detections.map((e) => e.id)).toEqual(detections.map((e) => `${attempt}-${(e.data as ScanDetection).order}`));
    expect(detections.length).toBeGreaterThanOrEqual(3);

    // Cut off after the second box: the rest follow, then done.
    const cut = detections[1]?.id ?? '';
    const resumed = await events(await reader.request('GET', `/v1/scans/${scan.id}/events`, undefined, { 'last-event-id': cut }));
    expect(resumed[0]?.event).toBe('progress');
    expect((resumed[0]?.data as ScanProgressEvent).reset).toBe(false);
    expect(resumed.filter((e) => e.event === 'detection').map((e) => (e.data as ScanDetection).id)).toEqual(scan.detections.slice(2).map((d) => d.id));
    expect(resumed.at(-1)?.event).toBe('done');
    // The query parameter does the same for clients that cannot set the header.
    const byQuery = await events(await reader.request('GET', `/v1/scans/${scan.id}/events?lastEventId=${cut}`));
    expect(byQuery.filter((e) => e.event === 'detection')).toHaveLength(scan.detections.length - 2);

    // An id of another attempt: drop what was drawn, everything again. Garbage: everything again.
    const other = await events(await reader.request('GET', `/v1/scans/${scan.id}/events`, undefined, { 'last-event-id': `${Number(attempt) + 7}-2` }));
    expect((other[0]?.data as ScanProgressEvent).reset).toBe(true);
    expect(other.filter((e) => e.event === 'detection')).toHaveLength(scan.detections.length);
    for (const junk of ['nonsense', '1-', '-1', '1-2-3', `${attempt}-99999999999`]) {
      const all = await events(await reader.request('GET', `/v1/scans/${scan.id}/events`, undefined, { 'last-event-id': junk }));
      expect(all.filter((e) => e.event === 'detection')).toHaveLength(scan.detections.length);
    }
  });

  it('confirms: the chosen books go to the library with shelf and position, once', async () => {
    const chosen = scan.detections.filter((d) => d.suggestedBookId).slice(0, 5);
    const selections = chosen.map((d) => ({ detectionId: d.id, bookId: d.suggestedBookId as string }));
    const first = await reader.json<ConfirmScanResponse>('POST', `/v1/scans/${scan.id}/confirm`, { selections, shelfLabel: 'Study' }, 202);
    expect(first).toMatchObject({ scanId: scan.id, status: 'accepted', items: 5 });
    const again = await reader.json<ConfirmScanResponse>('POST', `/v1/scans/${scan.id}/confirm`, { selections, shelfLabel: 'Study' }, 202);
    expect(again.confirmedAt).toBe(first.confirmedAt);

    const added = await eventually(async () => (s.library.added.length > 0 ? s.library.added : undefined));
    await new Promise((r) => setTimeout(r, 300));
    expect(s.library.added).toHaveLength(1);
    expect(added[0]?.jobId).toBe(`add-from-scan-${scan.id}`);
    expect(added[0]?.payload.items).toEqual(
      chosen.map((d) => ({ detectionId: d.id, bookId: d.suggestedBookId, shelfLabel: 'Study', position: d.position })),
    );

    const other = await reader.request('POST', `/v1/scans/${scan.id}/confirm`, { selections: selections.slice(0, 1) });
    expect(other.status).toBe(409);
    expect((await reader.get<ScanSummary>(`/v1/scans/${scan.id}`)).confirmedAt).toBe(first.confirmedAt);
  });

  it('refuses selections that are not detections of this scan: 422', async () => {
    const res = await reader.request('POST', `/v1/scans/${scan.id}/confirm`, {
      selections: [{ detectionId: 'det_01HZZZZZZZZZZZZZZZZZZZZZZZ', bookId: s.library.books[0]?.id }],
    });
    expect(res.status).toBe(422);
  });

  it('shows a scan only to its owner', async () => {
    const stranger = await s.reader();
    for (const path of [`/v1/scans/${scan.id}`, `/v1/scans/${scan.id}/events`]) {
      const res = await stranger.request('GET', path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const confirm = await stranger.request('POST', `/v1/scans/${scan.id}/confirm`, {
      selections: [{ detectionId: scan.detections[0]?.id, bookId: s.library.books[0]?.id }],
    });
    expect(confirm.status).toBe(404);
    expect((await stranger.get<ScanPage>('/v1/scans')).items).toEqual([]);
    expect((await reader.request('GET', '/v1/scans/scn_nonsense')).status).toBe(404);
  });

  it('reports the pipeline stage timings of the scan on the worker’s /metrics', async () => {
    const text = await (await fetch(`${s.worker!.url}/metrics`)).text();
    for (const stage of ['decode', 'detect', 'read', 'total']) {
      expect(text).toMatch(new RegExp(`scan_pipeline_stage_seconds_count\\{stage="${stage}"\\} [1-9]`));
    }
    expect((await fetch(`${s.worker!.url}/readyz`)).status).toBe(200);
  });

  it('lists my scans newest first in cursor pages', async () => {
    const shelf = await shelfPhoto(SHELF_BOOKS.slice(0, 3), { width: 600, height: 400 });
    const more: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await uploadScan(reader, shelf.image, { idempotencyKey: `page-${i}` });
      more.push(((await res.json()) as ScanSummary).id);
    }
    const first = await reader.get<ScanPage>('/v1/scans?limit=2');
    expect(first.items.map((x) => x.id)).toEqual([more[1], more[0]]);
    expect(first.nextCursor).toBeTruthy();
    const second = await reader.get<ScanPage>(`/v1/scans?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((x) => x.id)).toEqual([scan.id]);
    expect(second.items[0]?.detectionCount).toBe(scan.detections.length);
    expect(second.nextCursor).toBeNull();
    expect((await reader.request('GET', '/v1/scans?limit=0')).status).toBe(422);
    expect((await reader.request('GET', '/v1/scans?cursor=bm9wZQ')).status).toBe(422);
  });
});
