import { describe, expect, it } from 'vitest';
import { layoutSpines } from './spine-layout';

describe('layoutSpines', () => {
  it('keeps a text-less book but not a post of the bookcase whose edges run on past the shelf', () => {
    const width = 120;
    const height = 100;
    const row = { top: 30, bottom: 70 };
    const centres = (postTop: number, postBottom: number) => {
      const vertical = new Uint8Array(width * height);
      const edge = (x: number, y0: number, y1: number) => {
        for (let y = y0; y < y1; y++) vertical[y * width + x] = 1;
      };
      edge(20, row.top, row.bottom);
      edge(25, row.top, row.bottom);
      edge(80, postTop, postBottom);
      edge(85, postTop, postBottom);
      return layoutSpines(vertical, width, [row], []).map((s) => (s.polygon[0][0] + s.polygon[1][0]) / 2);
    };
    // A book: its two edges stop at the shelf. A post: its edges run from the top of the photo to the bottom.
    const withPost = centres(0, height);
    expect(withPost.some((x) => x > 20 && x < 25)).toBe(true);
    expect(withPost.some((x) => x > 75 && x < 90)).toBe(false);
    // The same strip inside the shelf only is a book.
    expect(centres(row.top, row.bottom).some((x) => x > 80 && x < 85)).toBe(true);
  });
});
