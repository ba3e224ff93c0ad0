import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSystem, type System } from '@bookshelf/testkit';
import { HEADER_24, HEADER_31, goodreadsLine, goodreadsLine31 } from '../src/domain/goodreads/goodreads-fixtures';
import { findBook, reader, type Reader } from './helpers';

interface ImportDetail {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  counts: Record<string, number>;
  rows: { items: { row: number; outcome: string; matchedBy: string | null; confidence: number | null; bookId: string | null; candidates: { book: { title: string } }[] }[]; nextCursor: string | null };
}
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
  book: { title: string };
}

let sys: System;
let db: pg.Pool;
let alice: Reader;

const FILE = [
  HEADER_24,
  goodreadsLine({ 'Book Id': '5907', Title: 'The Hobbit', Author: 'J.R.R. Tolkien', ISBN13: '9780618260300', 'My Rating': '5', 'Date Read': '2021/03/04', 'Date Added': '2020/12/25', Bookshelves: 'fantasy, favourites', 'Exclusive Shelf': 'read', 'My Review': 'Second breakfast!<br/>Still great.', Spoiler: '', 'Read Count': '3', 'Owned Copies': '1' }),
  goodreadsLine({ Title: 'Dune (Dune Chronicles, #1)', Author: 'Frank Herbert', ISBN: '0340839937', 'My Rating': '0', 'Exclusive Shelf': 'currently-reading', Bookshelves: 'currently-reading', 'Date Added': '2023/01/01' }),
  goodreadsLine({ Title: 'Wuthering Hights', Author: 'Emily Bronte', 'My Rating': '3', 'Exclusive Shelf': 'did-not-finish', Bookshelves: 'did-not-finish, classics', 'Date Added': '2022/07/09' }),
  goodreadsLine({ Title: 'Gatsby', Author: 'F. Scott Fitzgerald', 'Exclusive Shelf': 'to-read', 'Date Added': '2022/07/10' }),
  goodreadsLine({ Title: 'A Book Nobody Has Written', Author: 'Nobody Atall', 'Exclusive Shelf': 'to-read' }),
  goodreadsLine({ Author: 'No Title' }),
].join('\n');

async function upload(r: Reader, body: string | FormData, type?: string) {
  return r.api.request('POST', '/v1/library/me/imports', body, type ? { 'content-type': type } : {});
}

async function finished(r: Reader, id: string): Promise<ImportDetail> {
  return eventually(async () => {
    const d = await r.api.get<ImportDetail>(`/v1/library/me/imports/${id}`);
    return d.status === 'completed' || d.status === 'failed' ? d : undefined;
  }, 30_000);
}

beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  db = new pg.Pool({ connectionString: sys.env.DATABASE_URL });
  alice = await reader(sys, 'importer');
});
afterAll(async () => {
  await db.end();
  await sys.close();
});

describe('POST /v1/library/me/imports (Goodreads CSV)', () => {
  let first: ImportDetail;

  it('accepts a text/csv upload (202) and imports it in a job, row by row', async () => {
    const res = await upload(alice, FILE, 'text/csv');
    expect(res.status).toBe(202);
    const created = (await res.json()) as ImportDetail;
    expect(created).toMatchObject({ id: expect.stringMatching(/^imp_/), totalRows: 6 });
    expect(res.headers.get('location')).toBe(`/v1/library/me/imports/${created.id}`);
    first = await finished(alice, created.id);
    expect(first.status).toBe('completed');
    expect(first.processedRows).toBe(6);
    expect(first.rows.items.map((r) => [r.row, r.outcome, r.matchedBy])).toEqual([
      [1, 'added', 'isbn13'],
      [2, 'added', 'isbn10'],
      [3, 'added', 'title_author'],
      [4, 'needs_review', null],
      [5, 'not_found', null],
      [6, 'invalid', null],
    ]);
    expect(first.counts).toEqual({ added: 3, merged: 0, unchanged: 0, needs_review: 1, not_found: 1, invalid: 0 + 1 });
    expect(first.rows.items[3]!.candidates[0]!.book.title).toBe('The Great Gatsby');
    const review = await alice.api.get<ImportDetail>(`/v1/library/me/imports/${created.id}?outcome=needs_review`);
    expect(review.rows.items.map((r) => r.row)).toEqual([4]);
    const { rows } = await db.query(`SELECT content FROM library.imports WHERE id = $1`, [created.id]);
    expect(rows[0].content).toBeNull();
  });

  it('maps every Goodreads field onto the library entry', async () => {
    const list = await alice.api.get<{ items: Entry[] }>('/v1/library/me/books?sort=title');
    const byTitle = Object.fromEntries(list.items.map((e) => [e.book.title, e]));
    expect(byTitle['The Hobbit']).toMatchObject({
      status: 'read', rating: 5, review: 'Second breakfast!\nStill great.', reviewSpoiler: false, shelves: ['fantasy', 'favourites'],
      finishedOn: '2021-03-04', readCount: 3, owned: true, createdAt: '2020-12-25T00:00:00.000Z',
    });
    expect(byTitle.Dune).toMatchObject({ status: 'reading', rating: null, shelves: [] });
    expect(byTitle['Wuthering Heights']).toMatchObject({ status: 'did_not_finish', rating: 3, shelves: ['classics'] });
  });

  it('adds nothing twice when the same file is imported again (multipart this time)', async () => {
    const form = new FormData();
    form.append('file', new Blob([FILE], { type: 'text/csv' }), 'goodreads_library_export.csv');
    const res = await upload(alice, form);
    expect(res.status).toBe(202);
    const again = await finished(alice, ((await res.json()) as { id: string }).id);
    expect(again.counts).toEqual({ added: 0, merged: 0, unchanged: 3, needs_review: 1, not_found: 1, invalid: 1 });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM library.user_books WHERE user_id = $1`, [alice.id]);
    expect(rows[0].n).toBe(3);
  });

  it('fills only what an existing entry lacks', async () => {
    const bob = await reader(sys, 'merger');
    const hobbit = await findBook(bob.api, 'the hobbit');
    await bob.api.json('POST', '/v1/library/me/books', { bookId: hobbit.id, rating: 2, shelves: ['mine'] }, 201);
    const res = await upload(bob, FILE, 'text/csv');
    const done = await finished(bob, ((await res.json()) as { id: string }).id);
    expect(done.rows.items[0]!.outcome).toBe('merged');
    const [entry] = (await bob.api.get<{ items: Entry[] }>('/v1/library/me/books?sort=title')).items.filter((e) => e.bookId === hobbit.id);
    expect(entry).toMatchObject({ rating: 2, status: 'read', shelves: ['mine', 'fantasy', 'favourites'], readCount: 3 });
  });

  it('reads the older 31-column export', async () => {
    const carol = await reader(sys, 'old-export');
    const csv = `${HEADER_31}\n${goodreadsLine31({ Title: '1984', Author: 'George Orwell', ISBN: '0451524934', 'My Rating': '4', 'Exclusive Shelf': 'read', 'Owned Copies': '2' })}\n`;
    const done = await finished(carol, ((await (await upload(carol, csv, 'text/csv')).json()) as { id: string }).id);
    expect(done.counts.added).toBe(1);
    const [e] = (await carol.api.get<{ items: Entry[] }>('/v1/library/me/books')).items;
    expect(e).toMatchObject({ book: { title: '1984' }, rating: 4, owned: true, status: 'read' });
  });

  it('refuses malformed files with a reason (422) and stores nothing', async () => {
    const dave = await reader(sys, 'bad-files');
    const cases = [
      ['', /empty/],
      ['name,age\nbob,3\n', /not a Goodreads library export/],
      [`${HEADER_24}\n1,"The Hobbit,unterminated\n`, /not valid CSV/],
      [`${HEADER_24}\n1,2,3\n`, /line 2/],
    ] as const;
    for (const [body, reason] of cases) {
      const res = await upload(dave, body, 'text/csv');
      expect(res.status, body).toBe(422);
      const problem = (await res.json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors[0]!.path).toBe('file');
      expect(problem.errors[0]!.message).toMatch(reason);
    }
    const latin1 = Buffer.from(`${HEADER_24}\n${goodreadsLine({ Title: 'Les Misérables', Author: 'Victor Hugo' })}\n`, 'latin1');
    expect((await upload(dave, new Uint8Array(latin1) as unknown as string, 'text/csv')).status).toBe(422);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM library.imports WHERE user_id = $1`, [dave.id]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a 50 MB upload (413), a wrong media type (415) and a form without "file" (422)', async () => {
    const erin = await reader(sys, 'big-files');
    const big = `${HEADER_24}\n${'x'.repeat(50 * 1024 * 1024)}`;
    const res = await upload(erin, big, 'text/csv');
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const form = new FormData();
    form.append('file', new Blob([big], { type: 'text/csv' }), 'huge.csv');
    expect((await upload(erin, form)).status).toBe(413);
    expect((await upload(erin, JSON.stringify({ csv: FILE }), 'application/json')).status).toBe(415);
    const noFile = new FormData();
    noFile.append('other', 'x');
    expect((await upload(erin, noFile)).status).toBe(422);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM library.imports WHERE user_id = $1`, [erin.id]);
    expect(rows[0].n).toBe(0);
  });

  it('keeps imports private to their owner', async () => {
    const mallory = await reader(sys, 'mallory');
    expect((await mallory.api.request('GET', `/v1/library/me/imports/${first.id}`)).status).toBe(404);
    expect((await mallory.api.request('GET', '/v1/library/me/imports/imp_nope')).status).toBe(404);
  });
});
