import { describe, expect, it } from 'vitest';
import { InteractionMatrix } from './interaction-matrix';
import { loadModel, serializeModel } from './model-io';
import { PopularityRecommender } from './popularity';

describe('PopularityRecommender', () => {
  const matrix = InteractionMatrix.fromTriples(
    [
      { userId: 'a', itemId: 'x', weight: 1 },
      { userId: 'b', itemId: 'x', weight: 1 },
      { userId: 'b', itemId: 'y', weight: 1 },
      { userId: 'c', itemId: 'x', weight: 1 },
      { userId: 'c', itemId: 'z', weight: 1 },
      { userId: 'd', itemId: 'z', weight: 1 },
    ],
    { itemIds: ['x', 'y', 'z', 'w'] },
  );

  it('ranks by number of users, skipping excluded items', () => {
    const model = new PopularityRecommender();
    model.fit(matrix);
    expect(model.topN(matrix.row(0), 3).map((s) => s.index)).toEqual([0, 2, 1]);
    expect(model.topN(matrix.row(0), 2, new Set([0])).map((s) => s.index)).toEqual([2, 1]);
    expect(model.explain(matrix.row(0), 2)).toEqual([]);
  });

  it('round-trips through serialise/load', () => {
    const model = new PopularityRecommender();
    model.fit(matrix);
    const loaded = loadModel(serializeModel(model));
    expect(loaded.kind).toBe('popularity');
    expect(loaded.itemIds).toEqual(['x', 'y', 'z', 'w']);
    expect(Array.from(loaded.scoreUser(matrix.row(1)))).toEqual([3, 1, 2, 0]);
  });
});
