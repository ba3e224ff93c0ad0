import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSystem, type System } from '@bookshelf/testkit';
import { HEADER_24, goodreadsLine } from '../src/domain/goodreads/goodreads-fixtures';
import { findBook, reader, runLibraryJob } from './helpers';

interface Entry {
  id: string;
  bookId: string;
  source: string;
  sourceId: string | null;
}

let sys: System;
let db: pg.Pool;
beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  db = new pg.Pool({ connectionString: sys.env.DATABASE_URL });
});
afterAll(async () => {
  await db.end();
  await sys.close();
});

async function removedEvents(userId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT payload->>'userBookId' AS id FROM library.outbox WHERE type = 'library.book-removed' AND payload->>'userId' = $1`,
    [userId],
  );
  return rows.map((r) => r.id).sort();
}

describe('provenance', () => {
  it('records scan entries with the scan id, and undoes one scan without touching anything else', async () => {
    const r = await reader(sys, 'prov-scan');
    const [hobbit, dune, gatsby] = [await findBook(r.api, 'the hobbit'), await findBook(r.api, 'dune'), await findBook(r.api, 'gatsby')];
    const manual = await r.api.json<Entry>('POST', '/v1/library/me/books', { bookId: dune.id }, 201);
    expect(manual).toMatchObject({ source: 'manual', sourceId: null });
    const synced = await r.api.json<Entry>('POST', '/v1/library/me/books', { bookId: gatsby.id, source: 'sync' }, 201);
    expect(synced).toMatchObject({ source: 'sync', sourceId: null });
    const scanId = 'scn_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    await runLibraryJob(sys, 'library.add-from-scan', {
      scanId,
      userId: r.id,
      items: [
        { detectionId: 'det_1', bookId: hobbit.id, shelfLabel: 'Hall', position: 0 },
        // Already in the library: placed, not added, so undoing the scan keeps it.
        { detectionId: 'det_2', bookId: dune.id, shelfLabel: 'Hall', position: 1 },
      ],
    });
    const list = await r.api.get<{ items: Entry[] }>('/v1/library/me/books');
    const fromScan = list.items.find((e) => e.bookId === hobbit.id)!;
    expect(fromScan).toMatchObject({ source: 'scan', sourceId: scanId });
    expect(list.items.find((e) => e.bookId === dune.id)).toMatchObject({ source: 'manual', sourceId: null });

    const undo = await r.api.json<{ removed: number; userBookIds: string[] }>('DELETE', `/v1/library/me/books?source=scan&sourceId=${scanId}`, undefined, 200);
    expect(undo).toEqual({ removed: 1, userBookIds: [fromScan.id] });
    const left = await r.api.get<{ items: Entry[] }>('/v1/library/me/books');
    expect(left.items.map((e) => e.id).sort()).toEqual([manual.id, synced.id].sort());
    expect(await removedEvents(r.id)).toEqual([fromScan.id]);
    // Undoing again removes nothing; another reader's undo cannot reach my entries.
    expect(await r.api.json('DELETE', `/v1/library/me/books?source=scan&sourceId=${scanId}`, undefined, 200)).toEqual({ removed: 0, userBookIds: [] });
    expect((await r.api.request('DELETE', '/v1/library/me/books?source=manual&sourceId=x')).status).toBe(422);
    expect((await r.api.request('DELETE', '/v1/library/me/books?source=scan')).status).toBe(422);
  });

  it('records imported entries with the import id and undoes the whole import', async () => {
    const r = await reader(sys, 'prov-import');
    const csv = [
      HEADER_24,
      goodreadsLine({ Title: 'The Hobbit', Author: 'J.R.R. Tolkien', ISBN13: '9780618260300', 'Exclusive Shelf': 'read' }),
      goodreadsLine({ Title: 'Dune (Dune Chronicles, #1)', Author: 'Frank Herbert', ISBN: '0340839937', 'Exclusive Shelf': 'to-read' }),
    ].join('\n');
    const upload = await r.api.request('POST', '/v1/library/me/imports', csv, { 'content-type': 'text/csv' });
    expect(upload.status).toBe(202);
    const created = (await upload.json()) as { id: string };
    await eventually(async () => {
      const d = await r.api.get<{ status: string }>(`/v1/library/me/imports/${created.id}`);
      return d.status === 'completed' ? d : undefined;
    }, 30_000);
    const list = await r.api.get<{ items: Entry[] }>('/v1/library/me/books');
    expect(list.items).toHaveLength(2);
    for (const e of list.items) expect(e).toMatchObject({ source: 'import', sourceId: created.id });
    const undo = await r.api.json<{ removed: number }>('DELETE', `/v1/library/me/books?source=import&sourceId=${created.id}`, undefined, 200);
    expect(undo.removed).toBe(2);
    expect((await r.api.get<{ items: Entry[] }>('/v1/library/me/books')).items).toEqual([]);
    expect(await removedEvents(r.id)).toHaveLength(2);
  });
});
