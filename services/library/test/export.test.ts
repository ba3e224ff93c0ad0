import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader, type Reader } from './helpers';

interface Entry {
  bookId: string;
  status: string | null;
  rating: number | null;
  review: string | null;
  reviewSpoiler: boolean;
  privateNotes: string | null;
  shelves: string[];
  finishedOn: string | null;
  readCount: number;
  owned: boolean;
  createdAt: string;
  startedOn: string | null;
  location: unknown;
  loan: unknown;
}

let sys: System;
let alice: Reader;
beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  alice = await reader(sys, 'exporter');
  const add = async (q: string, body: Record<string, unknown>) =>
    alice.api.json('POST', '/v1/library/me/books', { bookId: (await findBook(alice.api, q)).id, ...body }, 201);
  await add('the hobbit', { status: 'read', rating: 5, review: 'There and back again,\n"twice".', reviewSpoiler: true, shelves: ['fantasy', 'comfort reads'], finishedOn: '2024-03-01', startedOn: '2024-02-01', readCount: 2, owned: true, privateNotes: 'signed copy', location: { shelf: 'Hall', position: 2 } });
  await add('dune', { status: 'did_not_finish', rating: 2, shelves: ['sci-fi'] });
  await add('1984', { status: 'paused', loan: { to: 'Sam', since: '2024-05-05' } });
  await add('pride and prejudice', { status: 'want_to_read' });
  await alice.api.json('PUT', '/v1/library/me/settings', { visibility: 'public', approveFollowers: true }, 200);
});
afterAll(async () => {
  await sys.close();
});

function comparable(e: Entry) {
  return {
    bookId: e.bookId, status: e.status, rating: e.rating, review: e.review, reviewSpoiler: e.reviewSpoiler, privateNotes: e.privateNotes,
    shelves: e.shelves, finishedOn: e.finishedOn, readCount: e.readCount, owned: e.owned, addedOn: e.createdAt.slice(0, 10),
  };
}

describe('GET /v1/library/me/export', () => {
  it('exports Goodreads CSV that round-trips through the importer with nothing lost both formats hold', async () => {
    const res = await alice.api.request('GET', '/v1/library/me/export?format=goodreads-csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="goodreads_library_export/);
    const csv = await res.text();
    expect(csv.split('\n')[0]).toContain('Book Id,Title,Author,Author l-f');

    const bob = await reader(sys, 'round-trip');
    const up = await bob.api.request('POST', '/v1/library/me/imports', csv, { 'content-type': 'text/csv' });
    expect(up.status).toBe(202);
    const id = ((await up.json()) as { id: string }).id;
    const done = await eventually(async () => {
      const d = await bob.api.get<{ status: string; counts: Record<string, number> }>(`/v1/library/me/imports/${id}`);
      return d.status === 'completed' ? d : undefined;
    });
    expect(done.counts.added).toBe(4);
    const mine = (await alice.api.get<{ items: Entry[] }>('/v1/library/me/books?sort=title')).items.map(comparable);
    const theirs = (await bob.api.get<{ items: Entry[] }>('/v1/library/me/books?sort=title')).items.map(comparable);
    expect(theirs).toEqual(mine);
  });

  it('exports everything as JSON', async () => {
    const res = await alice.api.request('GET', '/v1/library/me/export?format=json');
    expect(res.status).toBe(200);
    const dump = (await res.json()) as { format: string; userId: string; settings: unknown; books: Entry[]; followers: unknown[]; imports: unknown[] };
    expect(dump).toMatchObject({ format: 'bookshelf-library-v1', userId: alice.id, settings: { visibility: 'public', approveFollowers: true } });
    expect(dump.books).toHaveLength(4);
    const hobbit = dump.books.find((b) => b.privateNotes === 'signed copy')!;
    expect(hobbit).toMatchObject({ startedOn: '2024-02-01', location: { shelf: 'Hall', position: 2 } });
    expect(dump.books.some((b) => JSON.stringify(b.loan) === JSON.stringify({ to: 'Sam', since: '2024-05-05' }))).toBe(true);
  });

  it('refuses an unknown format (422)', async () => {
    expect((await alice.api.request('GET', '/v1/library/me/export?format=xml')).status).toBe(422);
  });
});
