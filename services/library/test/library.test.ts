import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader, type Reader } from './helpers';

interface Entry {
  id: string;
  bookId: string;
  status: string | null;
  rating: number | null;
  shelves: string[];
  review: string | null;
  reviewSpoiler: boolean;
  progress: { page: number | null; percent: number | null } | null;
  location: { shelf: string | null; position: number | null } | null;
  loan: { to: string; since: string | null } | null;
  startedOn: string | null;
  finishedOn: string | null;
  owned: boolean;
  visibility: string | null;
  book: { title: string };
  updatedAt: string;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

let sys: System;
let db: pg.Pool;
let alice: Reader;
let bob: Reader;
const ids: Record<string, string> = {};

beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  db = new pg.Pool({ connectionString: sys.env.DATABASE_URL });
  [alice, bob] = [await reader(sys, 'alice'), await reader(sys, 'bob')];
  for (const q of ['the hobbit', 'dune', '1984', 'pride and prejudice', 'the hunger games', 'gatsby']) ids[q] = (await findBook(alice.api, q)).id;
});
afterAll(async () => {
  await db.end();
  await sys.close();
});

describe('adding books', () => {
  it('creates an entry once (201) and returns the same entry afterwards (200)', async () => {
    const first = await alice.api.request('POST', '/v1/library/me/books', { bookId: ids['the hobbit'], status: 'reading', shelves: ['Favourites'] });
    expect(first.status).toBe(201);
    const created = (await first.json()) as Entry;
    expect(created.id).toMatch(/^ub_/);
    expect(created).toMatchObject({ status: 'reading', shelves: ['Favourites'], book: { title: 'The Hobbit' } });
    const again = await alice.api.request('POST', '/v1/library/me/books', { bookId: ids['the hobbit'], status: 'read' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Entry)).toMatchObject({ id: created.id, status: 'reading' });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM library.user_books WHERE user_id = $1`, [alice.id]);
    expect(rows[0].n).toBe(1);
  });

  it('adds by ISBN with hyphens and keeps every field', async () => {
    const e = await alice.api.json<Entry>('POST', '/v1/library/me/books', {
      isbn: '978-0-439-02348-1',
      status: 'read',
      rating: 4.5,
      review: 'Tense.',
      reviewSpoiler: true,
      shelves: ['dystopia', ' Dystopia ', 'book club'],
      progress: { page: 374 },
      startedOn: '2024-01-02',
      finishedOn: '2024-01-20',
      owned: true,
      location: { shelf: 'Living room, top', position: 3 },
      loan: { to: 'Sam' },
      visibility: 'private',
    }, 201);
    expect(e).toMatchObject({
      status: 'read', rating: 4.5, review: 'Tense.', reviewSpoiler: true, shelves: ['dystopia', 'book club'],
      progress: { page: 374, percent: null }, startedOn: '2024-01-02', finishedOn: '2024-01-20', owned: true,
      location: { shelf: 'Living room, top', position: 3 }, visibility: 'private', book: { title: 'The Hunger Games' },
    });
    expect(e.loan).toEqual({ to: 'Sam', since: new Date().toISOString().slice(0, 10) });
  });

  it('refuses unknown books, bad ratings and unknown fields with field errors (422), storing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ bookId: 'bk_01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 'bookId'],
      [{ isbn: '9780000000000' }, 'isbn'],
      [{ isbn: '12345' }, 'isbn'],
      [{ bookId: ids.dune, rating: 7 }, 'rating'],
      [{ bookId: ids.dune, rating: 3.3 }, 'rating'],
      [{ bookId: ids.dune, status: 'finished' }, 'status'],
      [{ bookId: ids.dune, colour: 'red' }, '(body)'],
      [{ bookId: ids.dune, startedOn: '2024-02-01', finishedOn: '2024-01-01' }, 'finishedOn'],
      [{}, 'bookId'],
      [{ bookId: ids.dune, review: 'nul\u0000byte' }, 'review'],
      [{ bookId: ids.dune, startedOn: '0000-01-01' }, 'startedOn'],
    ];
    for (const [body, path] of cases) {
      const res = await bob.api.request('POST', '/v1/library/me/books', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = (await res.json()) as { errors: { path: string }[] };
      expect(problem.errors.map((x) => x.path).join(' '), JSON.stringify(body)).toContain(path);
    }
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM library.user_books WHERE user_id = $1`, [bob.id]);
    expect(rows[0].n).toBe(0);
  });

  it('replays a POST with the same Idempotency-Key and refuses the key with another body', async () => {
    const headers = { 'idempotency-key': 'add-dune-1', 'content-type': 'application/json' };
    const body = JSON.stringify({ bookId: ids.dune, status: 'want_to_read' });
    const a = await bob.api.request('POST', '/v1/library/me/books', body, headers);
    const b = await bob.api.request('POST', '/v1/library/me/books', body, headers);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(((await b.json()) as Entry).id).toBe(((await a.json()) as Entry).id);
    const other = await bob.api.request('POST', '/v1/library/me/books', JSON.stringify({ bookId: ids['1984'] }), headers);
    expect(other.status).toBe(422);
  });
});

describe('changing and removing entries', () => {
  it('patches fields, clears with null, and leaves absent fields alone', async () => {
    const e = await bob.api.json<Entry>('POST', '/v1/library/me/books', { bookId: ids['1984'], status: 'reading', rating: 4, shelves: ['classics'] }, 201);
    const p = await bob.api.json<Entry>('PATCH', `/v1/library/me/books/${e.id}`, { rating: null, progress: { percent: 42.5 }, review: 'Chilling' }, 200);
    expect(p).toMatchObject({ status: 'reading', rating: null, shelves: ['classics'], progress: { page: null, percent: 42.5 }, review: 'Chilling' });
    const same = await bob.api.json<Entry>('PATCH', `/v1/library/me/books/${e.id}`, { review: 'Chilling' }, 200);
    expect(same.updatedAt).toBe(p.updatedAt);
    const bad = await bob.api.request('PATCH', `/v1/library/me/books/${e.id}`, { rating: 7 });
    expect(bad.status).toBe(422);
    const notJson = await bob.api.request('PATCH', `/v1/library/me/books/${e.id}`, 'rating=3', { 'content-type': 'text/plain' });
    expect(notJson.status).toBe(415);
  });

  it('hides another reader’s entries behind 404', async () => {
    const e = await bob.api.json<Entry>('POST', '/v1/library/me/books', { bookId: ids.gatsby }, 201);
    expect((await alice.api.request('GET', `/v1/library/me/books/${e.id}`)).status).toBe(404);
    expect((await alice.api.request('PATCH', `/v1/library/me/books/${e.id}`, { rating: 1 })).status).toBe(404);
    expect((await alice.api.request('DELETE', `/v1/library/me/books/${e.id}`)).status).toBe(404);
    expect((await bob.api.request('DELETE', `/v1/library/me/books/${e.id}`)).status).toBe(204);
    expect((await bob.api.request('GET', `/v1/library/me/books/${e.id}`)).status).toBe(404);
  });

  it('emits added, updated and removed events through the outbox', async () => {
    const carol = await reader(sys, 'carol');
    const e = await carol.api.json<Entry>('POST', '/v1/library/me/books', { bookId: ids.dune, rating: 5 }, 201);
    await carol.api.json('PATCH', `/v1/library/me/books/${e.id}`, { status: 'read' }, 200);
    await carol.api.request('DELETE', `/v1/library/me/books/${e.id}`);
    const { rows } = await db.query(`SELECT type, payload FROM library.outbox WHERE payload->>'userId' = $1 ORDER BY id`, [carol.id]);
    expect(rows.map((r) => r.type)).toEqual(['library.book-added', 'library.book-updated', 'library.book-removed']);
    expect(rows[1].payload).toMatchObject({ userBookId: e.id, bookId: ids.dune, status: 'read', rating: 5, owned: false });
  });
});

describe('listing my library', () => {
  it('filters by status and shelf, sorts, and pages with an opaque cursor', async () => {
    const dave = await reader(sys, 'dave');
    const titles = ['the hobbit', 'dune', '1984', 'pride and prejudice', 'the hunger games', 'gatsby'];
    for (const [i, q] of titles.entries()) {
      await dave.api.json('POST', '/v1/library/me/books', { bookId: ids[q], status: i % 2 ? 'read' : 'want_to_read', rating: (i % 5) + 0.5, shelves: i < 3 ? ['Top'] : [] }, 201);
    }
    const read = await dave.api.get<Page>('/v1/library/me/books?status=read');
    expect(read.items).toHaveLength(3);
    expect(read.items.every((e) => e.status === 'read')).toBe(true);
    const shelf = await dave.api.get<Page>('/v1/library/me/books?shelf=top');
    expect(shelf.items).toHaveLength(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await dave.api.get(`/v1/library/me/books?sort=title&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((e) => e.book.title));
      cursor = page.nextCursor;
    } while (cursor);
    // Leading articles do not count: "The Hobbit" sorts under H.
    expect(seen).toEqual(['1984', 'Dune', 'The Great Gatsby', 'The Hobbit', 'The Hunger Games', 'Pride and Prejudice']);
    const byRating = await dave.api.get<Page>('/v1/library/me/books?sort=rating&limit=2');
    expect(byRating.items.map((e) => e.rating)).toEqual([4.5, 3.5]);
    const mismatched = await dave.api.request('GET', `/v1/library/me/books?sort=added&cursor=${byRating.nextCursor}`);
    expect(mismatched.status).toBe(422);
    const forged = Buffer.from(JSON.stringify({ s: 'added', o: 'desc', k: 'not a time', i: 'ub_x' })).toString('base64url');
    expect((await dave.api.request('GET', `/v1/library/me/books?cursor=${forged}`)).status).toBe(422);
    const shelves = await dave.api.get<{ items: { name: string; count: number }[] }>('/v1/library/me/shelves');
    expect(shelves.items).toEqual([{ name: 'Top', count: 3 }]);
  });
});
