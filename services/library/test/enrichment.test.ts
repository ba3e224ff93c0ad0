import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSystem, type System } from '@bookshelf/testkit';
import { HEADER_24, goodreadsLine } from '../src/domain/goodreads/goodreads-fixtures';
import { reader, runLibraryJob, type Reader } from './helpers';

// A stand-in for Open Library speaking its JSON shapes, with scripted failures (429, 5xx).
const FOX_ISBN = '9780140328721';
const EDITION = {
  key: '/books/OL7353617M',
  title: 'Fantastic Mr Fox',
  authors: [{ key: '/authors/OL34184A' }],
  publishers: ['Puffin'],
  publish_date: 'October 1, 1988',
  number_of_pages: 96,
  isbn_13: [FOX_ISBN],
  isbn_10: ['0140328726'],
  covers: [8739161],
  languages: [{ key: '/languages/eng' }],
  works: [{ key: '/works/OL45804W' }],
};
const work = (key: string, title: string, author: string) => ({ key, title, author_name: [author], first_publish_year: 1983, cover_i: 42, number_of_pages_median: 208 });
const SEARCH: Record<string, unknown[]> = {
  'the witches': [work('/works/OL45806W', 'The Witches', 'Roald Dahl')],
  'danny the champion of the world': [work('/works/OL45810W', 'Danny the Champion of the World', 'Roald Dahl')],
  // Two different books answer to the title alone: not confident enough to pick one.
  'the bfg': [work('/works/OL45812W', 'The BFG', 'Roald Dahl')],
  matilda: [work('/works/OL45811W', 'Matilda', 'Roald Dahl'), work('/works/OL99999W', 'Matilda', 'Someone Else')],
};
for (let i = 1; i <= 5; i++) SEARCH[`rate limited book ${i}`] = [work(`/works/OL7000${i}W`, `Rate Limited Book ${i}`, 'Quinn Quota')];

interface Hit {
  path: string;
  at: number;
}
const hits: Hit[] = [];
/** Scripted answers per path, used up in order before the normal answer. */
const script = new Map<string, number[]>([[`/isbn/${FOX_ISBN}.json`, [429, 500]]]);

function fakeOpenLibrary(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push({ path: url.pathname + url.search, at: Date.now() });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const planned = script.get(url.pathname)?.shift();
    if (planned === 429) return send(429, { error: 'slow down' }, { 'retry-after': '0' });
    if (planned) return send(planned, { error: 'boom' });
    if (url.pathname === `/isbn/${FOX_ISBN}.json`) return send(200, EDITION);
    if (url.pathname === '/authors/OL34184A.json') return send(200, { key: '/authors/OL34184A', name: 'Roald Dahl' });
    if (url.pathname === '/search.json') {
      const docs = SEARCH[(url.searchParams.get('title') ?? '').toLowerCase()] ?? [];
      return send(200, { numFound: docs.length, start: 0, docs });
    }
    return send(404, { error: 'notfound' });
  });
}

let sys: System;
let server: Server;
let db: pg.Pool;
let r: Reader;
const WINDOW_MS = 1000;
const RATE_MAX = 3;

beforeAll(async () => {
  server = fakeOpenLibrary();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  sys = await startSystem({
    services: ['users', 'library'],
    env: {
      OPEN_LIBRARY_URL: `http://127.0.0.1:${port}`,
      ENRICH_BACKOFF_MS: '10',
      ENRICH_HTTP_TIMEOUT_MS: '2000',
      ENRICH_RATE_MAX: String(RATE_MAX),
      ENRICH_RATE_WINDOW_MS: String(WINDOW_MS),
    },
  });
  db = new pg.Pool({ connectionString: sys.env.DATABASE_URL });
  r = await reader(sys, 'enricher');
});
afterAll(async () => {
  await db.end();
  await sys.close();
  await new Promise((resolve) => server.close(resolve));
});

interface Book {
  id: string;
  title: string;
  authors: string[];
  isbn13: string | null;
  source: string;
  sourceId: string;
  publicationYear: number | null;
}

describe('catalogue enrichment from Open Library', () => {
  it('looks up an ISBN the catalogue lacks (through 429 and 500) so that adding it works shortly after', async () => {
    expect((await r.api.get<{ items: unknown[] }>(`/v1/books/search?isbn=${FOX_ISBN}`)).items).toEqual([]);
    const first = await r.api.request('POST', '/v1/library/me/books', { isbn: FOX_ISBN });
    expect(first.status).toBe(422);
    expect(((await first.json()) as { detail?: string; errors?: { message: string }[] }).errors?.[0]?.message).toMatch(/being looked up/);

    const added = await eventually(async () => {
      const res = await r.api.request('POST', '/v1/library/me/books', { isbn: FOX_ISBN });
      return res.status === 201 ? ((await res.json()) as { bookId: string }) : undefined;
    }, 20_000, 200);
    const book = await r.api.get<Book>(`/v1/books/${added.bookId}`);
    expect(book).toMatchObject({ title: 'Fantastic Mr Fox', authors: ['Roald Dahl'], isbn13: FOX_ISBN, source: 'open-library', sourceId: '/books/OL7353617M', publicationYear: 1988 });
    // One job attempt: 429, 500, then the edition; then the author.
    expect(hits.filter((h) => h.path === `/isbn/${FOX_ISBN}.json`)).toHaveLength(3);
    const { rows } = await db.query<{ book_id: string; payload: { edition: { key: string }; authors: { name: string }[] } }>(
      `SELECT book_id, payload FROM library.book_source_records WHERE source = 'open-library' AND source_id = '/books/OL7353617M'`,
    );
    expect(rows[0]?.book_id).toBe(added.bookId);
    expect(rows[0]?.payload.edition.key).toBe('/books/OL7353617M');
    expect(rows[0]?.payload.authors[0]?.name).toBe('Roald Dahl');
  });

  it('searches by title and author, and takes only a confident, unambiguous match', async () => {
    const found = await runLibraryJob<{ outcome: string; bookId: string; matchedBy: string }>(sys, 'catalog.enrich', { title: 'The Witches', author: 'Roald Dahl', reason: 'scan' });
    expect(found).toMatchObject({ outcome: 'added', matchedBy: 'title_author' });
    expect(await r.api.get<Book>(`/v1/books/${found.bookId}`)).toMatchObject({ title: 'The Witches', source: 'open-library', sourceId: '/works/OL45806W', isbn13: null });
    // Idempotent: asking again upserts the same book.
    const again = await runLibraryJob<{ bookId: string }>(sys, 'catalog.enrich', { title: 'The Witches', author: 'Roald Dahl', reason: 'scan' });
    expect(again.bookId).toBe(found.bookId);

    expect(await runLibraryJob(sys, 'catalog.enrich', { title: 'Matilda', reason: 'scan' })).toEqual({ outcome: 'no_confident_match' });
    expect(await runLibraryJob(sys, 'catalog.enrich', { title: 'Nothing Like It Anywhere', author: 'Nobody', reason: 'scan' })).toEqual({ outcome: 'not_found' });
  });

  it('looks up import rows nobody matched', async () => {
    const csv = [HEADER_24, goodreadsLine({ Title: 'Danny the Champion of the World', Author: 'Roald Dahl', 'Exclusive Shelf': 'to-read' })].join('\n');
    const upload = await r.api.request('POST', '/v1/library/me/imports', csv, { 'content-type': 'text/csv' });
    expect(upload.status).toBe(202);
    const book = await eventually(async () => {
      const page = await r.api.get<{ items: Book[] }>(`/v1/books/search?q=${encodeURIComponent('danny champion world dahl')}`);
      return page.items.find((b) => b.source === 'open-library');
    }, 20_000, 200);
    expect(book).toMatchObject({ title: 'Danny the Champion of the World', sourceId: '/works/OL45810W' });
  });

  it('looks up scanned spines the catalogue could not match (title and author in either order)', async () => {
    const result = await runLibraryJob<{ spines: { suggestedBookId: string | null }[] }>(sys, 'catalog.match-spines', {
      scanId: 'scn_01ARZ3NDEKTSV4RRFFQ69G5FAV',
      userId: r.id,
      spines: [{ detectionId: 'det_1', texts: [{ text: 'THE BFG', confidence: 0.9 }, { text: 'ROALD DAHL', confidence: 0.9 }] }],
    });
    expect(result.spines[0]?.suggestedBookId ?? null).toBeNull();
    const book = await eventually(async () => {
      const page = await r.api.get<{ items: Book[] }>(`/v1/books/search?q=${encodeURIComponent('bfg dahl')}`);
      return page.items.find((b) => b.source === 'open-library');
    }, 20_000, 200);
    expect(book).toMatchObject({ title: 'The BFG', sourceId: '/works/OL45812W' });
  });

  it('keeps to the per-source rate limit by delaying jobs, never failing them', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => runLibraryJob<{ outcome: string }>(sys, 'catalog.enrich', { title: `Rate Limited Book ${i}`, author: 'Quinn Quota', reason: 'import' })),
    );
    expect(results.map((x) => x.outcome)).toEqual(['added', 'added', 'added', 'added', 'added']);
    const perWindow = new Map<number, number>();
    for (const h of hits.filter((x) => x.path.includes('Rate+Limited'))) {
      const w = Math.floor(h.at / WINDOW_MS);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    expect([...perWindow.values()].reduce((a, b) => a + b, 0)).toBe(5);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(RATE_MAX);
  });
});
