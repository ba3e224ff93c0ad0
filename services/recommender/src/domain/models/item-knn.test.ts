import { describe, expect, it } from 'vitest';
import { InteractionMatrix } from './interaction-matrix';
import { ItemKnnRecommender } from './item-knn';
import { loadModel, serializeModel } from './model-io';

// Users: u0 {A,B}, u1 {A,B,C}, u2 {C,D}, u3 {A}.
const triples = [
  ['u0', 'A'],
  ['u0', 'B'],
  ['u1', 'A'],
  ['u1', 'B'],
  ['u1', 'C'],
  ['u2', 'C'],
  ['u2', 'D'],
  ['u3', 'A'],
].map(([userId, itemId]) => ({ userId: userId!, itemId: itemId!, weight: 1 }));
const matrix = InteractionMatrix.fromTriples(triples, { itemIds: ['A', 'B', 'C', 'D'] });

describe('ItemKnnRecommender', () => {
  it('learns cosine similarities between item columns', () => {
    const model = new ItemKnnRecommender({ neighbours: 3 });
    model.fit(matrix);
    const w = model.weights.weights;
    // A = {u0,u1,u3}, B = {u0,u1}: cos = 2 / (√3·√2).
    expect(w.get(0, 1)).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(w.get(1, 0)).toBeCloseTo(2 / Math.sqrt(6), 6);
    // B = {u0,u1}, C = {u1,u2}: cos = 1 / 2.
    expect(w.get(1, 2)).toBeCloseTo(0.5, 6);
    expect(w.get(0, 3)).toBe(0); // never co-read
    expect(w.get(2, 2)).toBe(0); // no self-similarity
  });

  it('keeps only k neighbours per scored item', () => {
    const model = new ItemKnnRecommender({ neighbours: 1 });
    model.fit(matrix);
    const w = model.weights.weights;
    for (let j = 0; j < 4; j++) {
      let kept = 0;
      for (let i = 0; i < 4; i++) if (w.get(i, j) !== 0) kept++;
      expect(kept).toBeLessThanOrEqual(1);
    }
    // C's neighbours: A (1/√6 ≈ 0.41), B (0.5), D (1/√2 ≈ 0.71) → D survives.
    expect(w.get(3, 2)).toBeCloseTo(1 / Math.sqrt(2), 6);
  });

  it('ranks with exclusions and explains with similarity × weight', () => {
    const model = new ItemKnnRecommender({ neighbours: 3 });
    model.fit(matrix);
    const u3 = matrix.row(3); // read A only
    const top = model.topN(u3, 3, new Set([0]));
    // B (0.82) before C (0.41); D has no link to A, so it only fills the list at score 0.
    expect(top.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(top[2]!.score).toBe(0);
    expect(top.some((s) => s.index === 0)).toBe(false);
    const why = model.explain(matrix.row(1), 3);
    expect(why).toEqual([{ index: 2, weight: 1, contribution: expect.closeTo(1 / Math.sqrt(2), 6) as number }]);
  });

  it('round-trips through serialise/load', () => {
    const model = new ItemKnnRecommender({ neighbours: 2, shrink: 1 });
    model.fit(matrix);
    const loaded = loadModel(serializeModel(model));
    expect(loaded.name).toBe(model.name);
    expect(Array.from(loaded.scoreUser(matrix.row(0)))).toEqual(Array.from(model.scoreUser(matrix.row(0))));
  });
});
