import { describe, expect, it } from 'vitest';
import { sampleCatalog } from './sample-catalog';

describe('sample catalogue', () => {
  it('has valid, unique ISBNs and unique source ids', () => {
    const books = sampleCatalog();
    expect(books.length).toBeGreaterThanOrEqual(20);
    expect(books.every((b) => b.isbn13 && b.isbn10)).toBe(true);
    expect(new Set(books.map((b) => b.isbn13)).size).toBe(books.length);
    expect(new Set(books.map((b) => b.sourceId)).size).toBe(books.length);
  });
});
