import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSystem, type System } from '@bookshelf/testkit';
import { GOODBOOKS, findBook, hasGoodbooks, reader, runLibraryJob } from './helpers';

describe.skipIf(!hasGoodbooks)('catalog.import with the goodbooks catalogue', () => {
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

  it('loads 10,000 books with genres, repairing the quirks, and changes nothing the second time', async () => {
    const payload = { booksFile: join(GOODBOOKS, 'books.csv'), genresFile: join(GOODBOOKS, 'book_genres.csv') };
    const first = await runLibraryJob<Record<string, number>>(sys, 'catalog.import', payload);
    expect(first).toMatchObject({ rows: 10_000, invalid: 0 });
    expect(first.inserted! + first.updated!).toBe(10_000);
    const second = await runLibraryJob<Record<string, number>>(sys, 'catalog.import', payload);
    expect(second).toMatchObject({ rows: 10_000, inserted: 0, updated: 0, unchanged: 10_000 });

    const { rows } = await db.query(
      `SELECT count(*)::int AS books, count(isbn13)::int AS isbns, count(*) FILTER (WHERE cardinality(genres) > 0)::int AS with_genres,
              count(*) FILTER (WHERE title LIKE '%(%#%)')::int AS series_left_in_title
         FROM library.books`,
    );
    expect(rows[0]).toMatchObject({ books: 10_000, series_left_in_title: 0 });
    expect(rows[0].isbns).toBeGreaterThan(9_200);
    expect(rows[0].with_genres).toBeGreaterThan(9_900);
    const events = await db.query(`SELECT count(*)::int AS n FROM library.outbox WHERE type = 'catalog.book-upserted'`);
    expect(events.rows[0].n).toBe(28 + 10_000);
  });

  it('ranks the right book first for noisy queries on the full catalogue', async () => {
    const r = await reader(sys, 'searcher');
    expect((await findBook(r.api, 'hary poter sorcerers stone')).title).toBe("Harry Potter and the Sorcerer's Stone");
    expect((await findBook(r.api, 'THE HOBBlT TOLKlEN')).title).toBe('The Hobbit');
    expect((await findBook(r.api, 'the girl with the dragon tatoo')).title).toBe('The Girl with the Dragon Tattoo');
    expect((await findBook(r.api, 'stephen king it')).title).toBe('It');
    expect((await findBook(r.api, '0439023483')).title).toBe('The Hunger Games');
  });

  it('refuses a file that is not a goodbooks catalogue without retrying', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    writeFileSync(join(dir, 'bad.csv'), 'name,age\nbob,3\n');
    await expect(runLibraryJob(sys, 'catalog.import', { booksFile: join(dir, 'bad.csv'), genresFile: null })).rejects.toThrow(/missing column/);
  });
});

describe('seeding an empty catalogue at start', () => {
  it('loads CATALOG_SEED_FILE instead of the built-in sample', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    const file = join(dir, 'books.csv');
    writeFileSync(
      file,
      'book_id,goodreads_book_id,isbn,isbn13,authors,original_publication_year,original_title,title,language_code,average_rating,ratings_count,image_url\n' +
        '1,111,80442957X,,Ann Author,2001.0,Seeded Book,"Seeded Book (Seeds, #2)",eng,4.1,10,https://example.com/c.jpg\n',
    );
    const sys = await startSystem({ services: ['users', 'library'], env: { CATALOG_SEED_FILE: file } });
    try {
      const r = await reader(sys, 'seed');
      const hit = await eventually(async () => {
        const page = await r.api.get<{ items: { title: string; series: string; isbn10: string }[] }>('/v1/books/search?q=seeded+book');
        return page.items[0];
      });
      expect(hit).toMatchObject({ title: 'Seeded Book', series: 'Seeds', isbn10: '080442957X' });
      const sample = await r.api.get<{ items: unknown[] }>('/v1/books/search?q=the+hobbit');
      expect(sample.items).toEqual([]);
    } finally {
      await sys.close();
    }
  });
});
