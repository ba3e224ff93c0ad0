import { describe, expect, it } from 'vitest';
import type { Quad } from './geometry';
import { mergeFragments } from './merge-fragments';
import type { SpineRegion } from './spine-layout';

/** A 100 x 50 image of vertical colour bands: [x0, x1, rgb]. */
function bands(spec: [number, number, [number, number, number]][]) {
  const width = 100;
  const height = 50;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (const [x0, x1, rgb] of spec) for (let x = x0; x < x1; x++) data.set(rgb, (y * width + x) * 3);
  }
  return { width, height, data };
}

const strip = (x0: number, x1: number, text: number[]): SpineRegion => ({
  polygon: [[x0, 0], [x1, 0], [x1, 50], [x0, 50]] as Quad,
  shelfIndex: 0,
  flat: false,
  textIndices: text,
  key: (x0 + x1) / 2,
});

describe('mergeFragments', () => {
  const red: [number, number, number] = [200, 30, 30];
  const blue: [number, number, number] = [30, 30, 200];
  const green: [number, number, number] = [30, 160, 30];
  const img = bands([[0, 30, red], [30, 50, blue], [50, 70, green], [70, 100, green]]);

  it('folds a text-less strip into the texted neighbour of the same colour', () => {
    const out = mergeFragments([strip(0, 20, [0]), strip(20, 30, []), strip(30, 50, []), strip(50, 70, [1])], img);
    expect(out).toHaveLength(3);
    const title = out.find((r) => r.textIndices.includes(0))!;
    expect([title.polygon[0][0], title.polygon[1][0]]).toEqual([0, 30]);
  });

  it('keeps a strip of its own colour (a book without legible text) and never merges two titles', () => {
    const out = mergeFragments([strip(0, 20, [0]), strip(30, 50, []), strip(50, 70, [1]), strip(70, 90, [2])], img);
    expect(out).toHaveLength(4);
  });

  it('does not grow a spine beyond a book width', () => {
    const out = mergeFragments([strip(50, 60, [1]), strip(60, 100, []), strip(0, 10, [0])], img);
    expect(out.find((r) => r.textIndices.includes(1))!.polygon[1][0]).toBe(60);
  });

  it('joins two text-less slivers of one colour (a spine split along a title the detector missed), not two book-wide strips', () => {
    // Texted spines 20 px wide set the typical width; blue from 30 to 50 is split at 40 into slivers.
    const row = [strip(0, 20, [0]), strip(30, 40, []), strip(40, 50, []), strip(50, 70, [1])];
    const out = mergeFragments(row, img);
    expect(out).toHaveLength(3);
    expect(out.filter((r) => r.textIndices.length === 0).map((r) => [r.polygon[0][0], r.polygon[1][0]])).toEqual([[30, 50]]);
    // Green from 70 to 100 split in two 15 px strips beside 10 px texted spines: each is a book's width.
    const wide = [strip(50, 60, [1]), strip(60, 70, [2]), strip(70, 85, []), strip(85, 100, [])];
    expect(mergeFragments(wide, img)).toHaveLength(4);
  });

  it('joins nothing in a row without any text (no spine width to go by)', () => {
    expect(mergeFragments([strip(30, 40, []), strip(40, 50, []), strip(70, 85, []), strip(85, 100, [])], img)).toHaveLength(4);
  });
});
