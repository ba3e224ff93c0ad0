import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader, type BookHit, type Reader } from './helpers';

let sys: System;
let alice: Reader;
beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  alice = await reader(sys, 'books');
});
afterAll(async () => {
  await sys.close();
});

describe('GET /v1/books/search (built-in sample catalogue)', () => {
  it('finds a book by ISBN-10 or ISBN-13, with or without hyphens', async () => {
    for (const isbn of ['9780439554930', '978-0-439-55493-0', '0439554934', '0-439-55493-4']) {
      const page = await alice.api.get<{ items: BookHit[] }>(`/v1/books/search?q=${isbn}`);
      expect(page.items.map((b) => b.title)).toEqual(["Harry Potter and the Sorcerer's Stone"]);
    }
    const byParam = await alice.api.get<{ items: BookHit[] }>('/v1/books/search?isbn=0-618-26030-7');
    expect(byParam.items[0]!.title).toBe('The Hobbit');
  });

  it('tolerates typos and OCR noise', async () => {
    expect((await findBook(alice.api, 'hary poter sorcerers stone')).title).toBe("Harry Potter and the Sorcerer's Stone");
    expect((await findBook(alice.api, 'THE HOBBlT TOLKlEN')).title).toBe('The Hobbit');
    expect((await findBook(alice.api, 'pride prejudise austen')).title).toBe('Pride and Prejudice');
  });

  it('pages with an opaque cursor and never repeats a book', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: BookHit[]; nextCursor: string | null } = await alice.api.get(
        `/v1/books/search?q=harry+potter+hobbit+dune+gatsby&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((b) => b.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers 422 for a bad ISBN, a missing query or a forged cursor', async () => {
    expect((await alice.api.request('GET', '/v1/books/search?isbn=123')).status).toBe(422);
    expect((await alice.api.request('GET', '/v1/books/search')).status).toBe(422);
    const forged = await alice.api.request('GET', '/v1/books/search?q=hobbit&cursor=bm9wZQ');
    expect(forged.status).toBe(422);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('GET /v1/books/{bookId}', () => {
  it('returns one book with its catalogue fields', async () => {
    const hit = await findBook(alice.api, 'the hunger games');
    const book = await alice.api.get<Record<string, unknown>>(`/v1/books/${hit.id}`);
    expect(book).toMatchObject({ id: hit.id, title: 'The Hunger Games', series: 'The Hunger Games', seriesNumber: 1, isbn13: '9780439023481' });
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await alice.api.request('GET', '/v1/books/bk_01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await alice.api.request('GET', '/v1/books/nope')).status).toBe(404);
  });
});
