import { describe, expect, it } from 'vitest';
import { layoutSpines } from './spine-layout';

/** A text line's box: upright (along the spine) or across. */
const rect = (cx: number, cy: number, vertical: boolean, length: number, thickness: number) => ({ cx, cy, ux: vertical ? 0 : 1, uy: vertical ? 1 : 0, length, thickness });

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

  it('takes a long thin line of ordinary print just above a row for a book lying on top of it; not large print, not lines far above', () => {
    const width = 200;
    const height = 200;
    const row = { top: 100, bottom: 160 };
    const texts = [
      rect(40, 130, true, 40, 6), // upright titles in the row set what ordinary print is
      rect(80, 130, true, 40, 6),
      rect(120, 130, true, 40, 6),
      rect(90, 80, false, 70, 6), // a flat book's spine lying on the row: its title…
      rect(150, 81, false, 30, 5), // …and its author, on the same axis
      rect(90, 70, false, 140, 20), // a cover's large print
      rect(90, 20, false, 70, 6), // far above the row
    ];
    const spines = layoutSpines(new Uint8Array(width * height), width, [row], texts);
    const flat = spines.filter((s) => s.flat);
    expect(flat.map((s) => [...s.textIndices].sort())).toEqual([[3, 4]]);
    expect(flat[0]!.shelfIndex).toBe(0);
  });

  it('lets the edge between two front spines pass through print on a book behind them, and leaves that print out of their text', () => {
    const width = 200;
    const height = 200;
    const row = { top: 20, bottom: 180 };
    // Two dark books standing in front, their tops at y = 70; a pale book behind shows above them.
    const data = new Float32Array(width * height).fill(230);
    for (let y = 70; y < 180; y++) for (let x = 60; x < 140; x++) data[y * width + x] = 30;
    const vertical = new Uint8Array(width * height);
    for (const x of [60, 100, 140]) for (let y = 70; y < 180; y++) vertical[y * width + x] = 1;
    const texts = [
      rect(80, 125, true, 80, 10), // the first front book's title
      rect(120, 125, true, 80, 10), // the second's
      rect(100, 60, false, 36, 8), // a name printed across the book behind, right over the gap between them
    ];
    const gray = { width, height, data };
    const spines = layoutSpines(vertical, width, [row], texts, { gray });
    expect(spines.map((s) => s.textIndices)).toEqual([[0], [1]]);
    // Without the image to tell, the name holds the two books together as one.
    expect(layoutSpines(vertical, width, [row], texts).map((s) => [...s.textIndices].sort())).toEqual([[0, 1, 2]]);
    // A squarish mark there is more likely a logo on a front spine's top than a word behind: it still holds.
    const logo = [...texts.slice(0, 2), rect(100, 60, false, 10, 8)];
    expect(layoutSpines(vertical, width, [row], logo, { gray }).map((s) => [...s.textIndices].sort())).toEqual([[0, 1, 2]]);
    // A pale label stuck on one dark wide book (dark above it as below) still holds it together.
    const label = new Float32Array(data);
    for (let y = 20; y < 70; y++) for (let x = 60; x < 140; x++) label[y * width + x] = 30;
    for (let y = 55; y < 65; y++) for (let x = 80; x < 120; x++) label[y * width + x] = 230;
    expect(layoutSpines(vertical, width, [row], texts, { gray: { width, height, data: label } }).map((s) => [...s.textIndices].sort())).toEqual([[0, 1, 2]]);
    // Print on a front spine itself (its surface goes on below it) still holds: a title on one wide book.
    for (let y = 30; y < 70; y++) for (let x = 60; x < 140; x++) data[y * width + x] = 30;
    expect(layoutSpines(vertical, width, [row], texts, { gray }).map((s) => [...s.textIndices].sort())).toEqual([[0, 1, 2]]);
  });

  it('keeps every book of a flat stack, the top one too, whatever the colours of its books', () => {
    const width = 200;
    const height = 200;
    const row = { top: 20, bottom: 180 };
    // Two thin upright books, then four books lying flat, 30 px each, alternately pale and dark.
    const data = new Float32Array(width * height).fill(120);
    for (let k = 0; k < 4; k++) for (let y = 60 + 30 * k; y < 90 + 30 * k; y++) for (let x = 40; x < 160; x++) data[y * width + x] = k % 2 ? 40 : 220;
    const vertical = new Uint8Array(width * height);
    for (const x of [10, 25, 40]) for (let y = 20; y < 180; y++) vertical[y * width + x] = 1;
    for (const x of [160]) for (let y = 60; y < 180; y++) vertical[y * width + x] = 1;
    const texts = [rect(17, 100, true, 100, 8), rect(32, 100, true, 100, 8), ...[75, 105, 135, 165].map((y) => rect(100, y, false, 80, 10))];
    const flat = layoutSpines(vertical, width, [row], texts, { gray: { width, height, data } }).filter((s) => s.flat);
    expect(flat.map((s) => s.textIndices)).toEqual([[2], [3], [4], [5]]);
  });
});
