import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanDetail, ScanSummary } from '@bookshelf/contracts';
import { eventually, type ApiClient } from '@bookshelf/testkit';
import { shelfPhoto } from './support/images';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { collectSse } from './support/sse-client';
import { uploadScan } from './support/upload';

/** Books of the library's seeded sample catalogue, photographed on one shelf. */
const ON_THE_SHELF = [
  { title: 'The Hunger Games', author: 'Suzanne Collins' },
  { title: 'Pride and Prejudice', author: 'Jane Austen' },
  { title: 'The Great Gatsby', author: 'F. Scott Fitzgerald' },
  { title: 'Little Women', author: 'Louisa May Alcott' },
  { title: 'The Hobbit', author: 'J.R.R. Tolkien' },
  { title: 'Animal Farm', author: 'George Orwell' },
  { title: 'Dune', author: 'Frank Herbert' },
  { title: 'Brave New World', author: 'Aldous Huxley' },
];

interface LibraryEntry {
  bookId: string;
  owned: boolean;
  source: string;
  location: { shelf: string | null; position: number | null } | null;
}
interface Book {
  id: string;
  title: string;
}

let s: ScanSystem;
let reader: ApiClient;

beforeAll(async () => {
  s = await startScanSystem({ library: 'real', worker: true });
  reader = await s.reader();
}, 120_000);
afterAll(() => s?.close());

describe('upload → live detections → confirm → my library, through the gateway', () => {
  it('puts the photographed books on my shelves in the order they stand', async () => {
    const shelf = await shelfPhoto(ON_THE_SHELF, { width: 1400, height: 900, seed: 7 });

    const res = await uploadScan(reader, shelf.image, { idempotencyKey: 'e2e-shelf' });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as ScanSummary;
    const streamed = await collectSse(await reader.request('GET', `/v1/scans/${id}/events`));
    expect(streamed.filter((e) => e.event === 'detection').length).toBeGreaterThanOrEqual(ON_THE_SHELF.length - 1);
    expect(streamed.at(-1)?.event).toBe('done');
    // A client reconnecting through the gateway with the id of its third box gets the rest only.
    const third = streamed.filter((e) => e.event === 'detection')[2]?.id ?? '';
    const resumed = await collectSse(await reader.request('GET', `/v1/scans/${id}/events`, undefined, { 'last-event-id': third }));
    expect(resumed.filter((e) => e.event === 'detection')).toHaveLength(streamed.filter((e) => e.event === 'detection').length - 3);

    const scan = await reader.get<ScanDetail>(`/v1/scans/${id}`);
    const catalogue = new Map<string, Book>();
    for (const b of ON_THE_SHELF) {
      const found = await reader.get<{ items: Book[] }>(`/v1/books/search?q=${encodeURIComponent(b.title)}&limit=1`);
      if (found.items[0]) catalogue.set(found.items[0].id, found.items[0]);
    }
    // The matcher, solving the whole shelf, suggests the right book for (nearly) every spine.
    const truth = (order: number) => shelf.spines.find((t) => t.order === order)?.title;
    const right = scan.detections.filter((d) => d.suggestedBookId && catalogue.get(d.suggestedBookId)?.title === truth(d.order));
    expect(right.length).toBeGreaterThanOrEqual(ON_THE_SHELF.length - 1);

    const selections = right.map((d) => ({ detectionId: d.id, bookId: d.suggestedBookId as string }));
    await reader.json('POST', `/v1/scans/${id}/confirm`, { selections, shelfLabel: 'Hallway' }, 202);
    await reader.json('POST', `/v1/scans/${id}/confirm`, { selections, shelfLabel: 'Hallway' }, 202);

    const library = await eventually(async () => {
      const page = await reader.get<{ items: LibraryEntry[] }>('/v1/library/me/books?limit=100');
      return page.items.length >= selections.length ? page.items : undefined;
    }, 20_000);
    expect(library).toHaveLength(selections.length);
    for (const d of right) {
      const entry = library.find((e) => e.bookId === d.suggestedBookId);
      expect(entry).toMatchObject({ owned: true, source: 'scan', location: { shelf: 'Hallway', position: d.position } });
    }
    // Positions are the books' places on the shelf, left to right.
    expect(right.map((d) => d.position)).toEqual(right.map((d) => d.order));
  });
});
