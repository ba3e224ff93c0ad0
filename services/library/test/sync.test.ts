import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader, type Reader } from './helpers';

interface Entry {
  id: string;
  bookId: string;
  version: number;
  status: string | null;
  rating: number | null;
}
type Change = { type: 'upsert'; id: string; entry: Entry } | { type: 'delete'; id: string; bookId: string; deletedAt: string };
interface Changes {
  items: Change[];
  cursor: string;
  hasMore: boolean;
}

let sys: System;
let books: string[];
beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  const r = await reader(sys, 'sync-setup');
  books = [];
  for (const q of ['dune', 'the hobbit', 'gatsby', 'wuthering heights']) books.push((await findBook(r.api, q)).id);
});
afterAll(async () => {
  await sys.close();
});

async function changes(r: Reader, since?: string, limit?: number): Promise<Changes> {
  const qs = new URLSearchParams();
  if (since) qs.set('since', since);
  if (limit) qs.set('limit', String(limit));
  return r.api.get<Changes>(`/v1/library/me/changes?${qs.toString()}`);
}

/** A second device's copy of the library, kept only through the changes feed. */
async function syncAll(r: Reader, state: Map<string, Entry>, since?: string, limit?: number): Promise<string> {
  let cursor = since;
  for (;;) {
    const page = await changes(r, cursor, limit);
    for (const c of page.items) {
      if (c.type === 'upsert') state.set(c.id, c.entry);
      else state.delete(c.id);
    }
    cursor = page.cursor;
    if (!page.hasMore) return cursor;
  }
}

describe('mobile sync', () => {
  it('gives everything with a cursor, then exactly the changes made elsewhere, deletions as tombstones', async () => {
    const phone = await reader(sys, 'phone');
    const [a, b, c] = [books[0]!, books[1]!, books[2]!];
    const ea = await phone.api.json<Entry>('POST', '/v1/library/me/books', { bookId: a }, 201);
    const eb = await phone.api.json<Entry>('POST', '/v1/library/me/books', { bookId: b }, 201);

    const full = await changes(phone);
    expect(full.hasMore).toBe(false);
    expect(full.items.map((i) => i.id).sort()).toEqual([ea.id, eb.id].sort());
    expect(full.items.every((i) => i.type === 'upsert')).toBe(true);
    // Nothing new: no items, a cursor all the same.
    const quiet = await changes(phone, full.cursor);
    expect(quiet.items).toEqual([]);

    // "Another device": update a, delete b, add c.
    await phone.api.json('PATCH', `/v1/library/me/books/${ea.id}`, { status: 'reading' }, 200);
    expect((await phone.api.request('DELETE', `/v1/library/me/books/${eb.id}`)).status).toBe(204);
    const ec = await phone.api.json<Entry>('POST', '/v1/library/me/books', { bookId: c }, 201);

    const delta = await changes(phone, quiet.cursor);
    expect(delta.items.map((i) => [i.type, i.id])).toEqual([
      ['upsert', ea.id],
      ['delete', eb.id],
      ['upsert', ec.id],
    ]);
    expect(delta.items[0]).toMatchObject({ entry: { status: 'reading', version: 2 } });
    expect(delta.items[1]).toMatchObject({ bookId: b });
    expect((await changes(phone, delta.cursor)).items).toEqual([]);
  });

  it('pages through changes without losing any, and a replica ends equal to the server', async () => {
    const r = await reader(sys, 'pager');
    const ids: string[] = [];
    for (const bookId of books) ids.push((await r.api.json<Entry>('POST', '/v1/library/me/books', { bookId }, 201)).id);
    const replica = new Map<string, Entry>();
    const cursor = await syncAll(r, replica, undefined, 1);
    expect([...replica.keys()].sort()).toEqual([...ids].sort());

    await r.api.json('PATCH', `/v1/library/me/books/${ids[0]}`, { rating: 4 }, 200);
    await r.api.request('DELETE', `/v1/library/me/books/${ids[1]}`);
    await r.api.json('PATCH', `/v1/library/me/books/${ids[2]}`, { status: 'read' }, 200);
    await r.api.json('PATCH', `/v1/library/me/books/${ids[0]}`, { rating: 5 }, 200);
    await syncAll(r, replica, cursor, 1);
    const server = await r.api.get<{ items: Entry[] }>('/v1/library/me/books?limit=100');
    expect([...replica.values()].sort((x, y) => x.id.localeCompare(y.id))).toEqual([...server.items].sort((x, y) => x.id.localeCompare(y.id)));
    expect(replica.get(ids[0]!)).toMatchObject({ rating: 5, version: 3 });
  });

  it('answers 410 problem+json to a cursor older than the tombstone retention, and 422 to a forged one', async () => {
    const r = await reader(sys, 'stale');
    const { cursor } = await changes(r);
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s: string; t: number };
    const old = Buffer.from(JSON.stringify({ ...decoded, t: Date.now() - 31 * 86_400_000 })).toString('base64url');
    const res = await r.api.request('GET', `/v1/library/me/changes?since=${old}`);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toMatch(/sync everything again/i);
    expect((await r.api.request('GET', '/v1/library/me/changes?since=nonsense')).status).toBe(422);
  });
});

describe('optimistic concurrency', () => {
  it('serves an ETag and lets exactly one of two racing If-Match writes win', async () => {
    const r = await reader(sys, 'racer');
    const created = await r.api.request('POST', '/v1/library/me/books', { bookId: books[0] });
    expect(created.headers.get('etag')).toBe('"1"');
    const id = ((await created.json()) as Entry).id;
    const read = await r.api.request('GET', `/v1/library/me/books/${id}`);
    const etag = read.headers.get('etag')!;
    expect(etag).toBe('"1"');

    // Two devices both read v1 and both write with If-Match v1.
    const [x, y] = await Promise.all([
      r.api.request('PATCH', `/v1/library/me/books/${id}`, { status: 'reading' }, { 'if-match': etag }),
      r.api.request('PATCH', `/v1/library/me/books/${id}`, { status: 'read' }, { 'if-match': etag }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 412]);
    const loser = x.status === 412 ? x : y;
    expect(loser.headers.get('content-type')).toContain('application/problem+json');
    const winner = x.status === 200 ? x : y;
    expect(winner.headers.get('etag')).toBe('"2"');
    const after = await r.api.get<Entry>(`/v1/library/me/books/${id}`);
    expect(after.version).toBe(2);
    expect(after.status).toBe(((await winner.json()) as Entry).status);

    // Without If-Match writes work as before; a stale delete is refused, a fresh one goes through.
    await r.api.json('PATCH', `/v1/library/me/books/${id}`, { rating: 3 }, 200);
    expect((await r.api.request('DELETE', `/v1/library/me/books/${id}`, undefined, { 'if-match': '"2"' })).status).toBe(412);
    expect((await r.api.request('PATCH', `/v1/library/me/books/${id}`, { rating: 4 }, { 'if-match': 'garbage' })).status).toBe(412);
    expect((await r.api.request('DELETE', `/v1/library/me/books/${id}`, undefined, { 'if-match': '"3"' })).status).toBe(204);
    expect((await r.api.request('DELETE', `/v1/library/me/books/${id}`, undefined, { 'if-match': '"3"' })).status).toBe(404);
  });
});
