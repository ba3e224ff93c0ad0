import { describe, expect, it } from 'vitest';
import { topNIndices } from './top-n';

describe('topNIndices', () => {
  it('returns the best n, best first, ties broken by lower index', () => {
    const scores = [0.5, 2, -1, 2, 7, 0.5];
    expect(topNIndices(scores, 4).map((s) => s.index)).toEqual([4, 1, 3, 0]);
  });

  it('never returns an excluded index or a non-finite score', () => {
    const scores = [9, Number.NaN, 8, Number.NEGATIVE_INFINITY, 1, 3];
    const top = topNIndices(scores, 10, new Set([0]));
    expect(top.map((s) => s.index)).toEqual([2, 5, 4]);
  });

  it('agrees with a full sort on random data', () => {
    let seed = 7;
    const scores = Array.from({ length: 500 }, () => ((seed = (seed * 48271) % 2147483647) % 1000) / 10);
    const exclude = new Set([3, 17, 99]);
    const expected = scores
      .map((score, index) => ({ index, score }))
      .filter((s) => !exclude.has(s.index))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 25);
    expect(topNIndices(scores, 25, exclude)).toEqual(expected);
  });
});
