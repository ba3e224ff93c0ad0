import { describe, expect, it } from 'vitest';
import { EaseRecommender } from './ease';
import { InteractionMatrix, type Interaction } from './interaction-matrix';
import { loadModel, serializeModel } from './model-io';

/** Naive Gauss–Jordan inverse with partial pivoting: an independent reference. */
function gaussJordanInverse(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]!;
    for (let k = 0; k < 2 * n; k++) m[c]![k]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let k = 0; k < 2 * n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/** B = I − P / diag(P) with P = (XᵀX + λI)⁻¹, computed the textbook way. */
function referenceEase(x: number[][], lambda: number): number[][] {
  const n = x[0]!.length;
  const g = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => x.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? lambda : 0)),
  );
  const p = gaussJordanInverse(g);
  return p.map((row, i) => row.map((v, j) => (i === j ? 0 : -v / p[j]![j]!)));
}

function denseToTriples(x: number[][]): Interaction[] {
  const triples: Interaction[] = [];
  x.forEach((row, u) =>
    row.forEach((w, i) => {
      if (w !== 0) triples.push({ userId: `u${u}`, itemId: `i${i}`, weight: w });
    }),
  );
  return triples;
}

// 7 users × 5 items, weighted, so XXᵀ and XᵀX differ in size and both routes are exercised.
const X = [
  [1, 1, 0, 0, 2],
  [0, 1, 1, 0, 0],
  [1, 0, 1, 1, 0],
  [0, 0, 0, 1, 1],
  [3, 1, 0, 0, 0],
  [0, 1, 0, 1, 1],
  [1, 0, 1, 0, 1],
];
const itemIds = ['i0', 'i1', 'i2', 'i3', 'i4'];

function fittedB(solver: 'primal' | 'dual', lambda: number): number[][] {
  const matrix = InteractionMatrix.fromTriples(denseToTriples(X), { itemIds });
  const model = new EaseRecommender({ lambda, neighbours: 10, solver });
  model.fit(matrix);
  expect(model.solverUsed).toBe(solver);
  return itemIds.map((_, i) => itemIds.map((_, j) => model.weights.weights.get(i, j)));
}

describe('EaseRecommender', () => {
  for (const solver of ['primal', 'dual'] as const) {
    it(`matches the textbook closed form (${solver} route)`, () => {
      const expected = referenceEase(X, 2);
      const actual = fittedB(solver, 2);
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 5; j++) expect(actual[i]![j]!).toBeCloseTo(expected[i]![j]!, 5);
      }
    });
  }

  it('keeps only the strongest weights per column when pruned', () => {
    const matrix = InteractionMatrix.fromTriples(denseToTriples(X), { itemIds });
    const model = new EaseRecommender({ lambda: 2, neighbours: 2 });
    model.fit(matrix);
    const expected = referenceEase(X, 2);
    for (let j = 0; j < 5; j++) {
      const kept = itemIds.map((_, i) => model.weights.weights.get(i, j)).filter((v) => v !== 0);
      expect(kept.length).toBeLessThanOrEqual(2);
      const strongest = expected
        .map((row) => Math.abs(row[j]!))
        .sort((a, b) => b - a)
        .slice(0, 2);
      expect(kept.map(Math.abs).sort((a, b) => b - a)[0]).toBeCloseTo(strongest[0]!, 5);
    }
  });

  it('scores a user as x·B and explains with x_ui·B[i, j]', () => {
    const matrix = InteractionMatrix.fromTriples(denseToTriples(X), { itemIds });
    const model = new EaseRecommender({ lambda: 2, neighbours: 10 });
    model.fit(matrix);
    const b = referenceEase(X, 2);
    const row = matrix.row(1); // items 1 and 2
    const scores = model.scoreUser(row);
    for (let j = 0; j < 5; j++) expect(scores[j]!).toBeCloseTo(b[1]![j]! + b[2]![j]!, 5);

    const reasons = model.explain(row, 3, 5);
    const expected = [1, 2]
      .map((i) => ({ index: i, contribution: b[i]![3]! }))
      .filter((c) => c.contribution > 0)
      .sort((a, c) => c.contribution - a.contribution);
    expect(reasons.map((r) => r.index)).toEqual(expected.map((e) => e.index));
    reasons.forEach((r, k) => expect(r.contribution).toBeCloseTo(expected[k]!.contribution, 5));
  });

  it('drops items below minItemSupport from both sides', () => {
    const matrix = InteractionMatrix.fromTriples(denseToTriples(X), { itemIds: [...itemIds, 'never'] });
    const model = new EaseRecommender({ lambda: 2, minItemSupport: 1 });
    model.fit(matrix);
    expect(model.weights.weights.rowLength(5)).toBe(0);
    expect(model.scoreUser(matrix.row(0))[5]).toBe(0);
  });

  it('serialises and loads back to identical scores', () => {
    const matrix = InteractionMatrix.fromTriples(denseToTriples(X), { itemIds });
    const model = new EaseRecommender({ lambda: 3, neighbours: 3 });
    model.fit(matrix);
    const loaded = loadModel(serializeModel(model));
    expect(loaded.kind).toBe('ease');
    expect(loaded.name).toBe(model.name);
    expect(loaded.itemIds).toEqual(itemIds);
    for (let u = 0; u < matrix.userCount; u++) {
      expect(Array.from(loaded.scoreUser(matrix.row(u)))).toEqual(Array.from(model.scoreUser(matrix.row(u))));
    }
  });
});
