import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateShelf } from './generate-shelf';

describe('generateShelf', () => {
  it('renders an image with exact, ordered truth and is deterministic per seed', async () => {
    const books = Array.from({ length: 12 }, (_, i) => ({ title: `Book number ${i + 1}`, author: 'A. Writer' }));
    const a = await generateShelf({ books, seed: 5, width: 900, height: 700, shelves: 2, format: 'jpeg' });
    const b = await generateShelf({ books, seed: 5, width: 900, height: 700, shelves: 2, format: 'jpeg' });
    expect(a.image.equals(b.image)).toBe(true);
    const meta = await sharp(a.image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 900, 700]);
    expect(a.spines.map((s) => s.order)).toEqual(books.map((_, i) => i + 1));
    expect(a.spines.map((s) => s.title)).toEqual(books.map((bk) => bk.title));
    expect(new Set(a.spines.map((s) => s.shelfIndex)).size).toBe(2);
    for (const s of a.spines) {
      for (const [x, y] of s.polygon) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(900);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(700);
      }
    }
  });
});
