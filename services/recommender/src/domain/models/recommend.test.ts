import { describe, expect, it } from 'vitest';
import { loadModel, serializeModel } from './model-io';
import { trainModel } from './model-spec';
import { recommend, userRow } from './recommend';

// Two taste clusters: sci-fi (dune, foundation, hyperion) and classics (emma, persuasion).
const triples = [
  ['a', 'dune'],
  ['a', 'foundation'],
  ['a', 'hyperion'],
  ['b', 'dune'],
  ['b', 'foundation'],
  ['c', 'dune'],
  ['c', 'hyperion'],
  ['d', 'emma'],
  ['d', 'persuasion'],
  ['e', 'emma'],
  ['e', 'persuasion'],
  ['f', 'foundation'],
  ['f', 'hyperion'],
].map(([userId, itemId]) => ({ userId: userId!, itemId: itemId!, weight: 1 }));

describe('recommend (ids in, ids and reasons out)', () => {
  const model = trainModel({ kind: 'ease', lambda: 0.5, neighbours: 10 }, triples);

  it('builds a row over model indices, dropping unknown items and merging repeats', () => {
    const row = userRow(model, [
      { itemId: 'hyperion', weight: 1 },
      { itemId: 'not-in-model', weight: 1 },
      { itemId: 'dune', weight: 3 },
      { itemId: 'dune', weight: 5 },
    ]);
    expect(Array.from(row.indices)).toEqual([model.itemIds.indexOf('dune'), model.itemIds.indexOf('hyperion')].sort((a, b) => a - b));
    expect(row.values[row.indices.indexOf(model.itemIds.indexOf('dune'))]).toBe(5);
  });

  it('recommends within the taste cluster, excludes read and banned items, and gives reasons', () => {
    const recs = recommend(model, [{ itemId: 'dune', weight: 1 }], { n: 2, excludeItemIds: ['emma'] });
    expect(recs.map((r) => r.itemId)).not.toContain('dune');
    expect(recs.map((r) => r.itemId)).not.toContain('emma');
    expect(['foundation', 'hyperion']).toContain(recs[0]!.itemId);
    expect(recs[0]!.because[0]!.itemId).toBe('dune');
    expect(recs[0]!.because[0]!.contribution).toBeCloseTo(recs[0]!.score, 5);
  });

  it('gives the same answer after serialise → load', () => {
    const loaded = loadModel(serializeModel(model));
    const history = [
      { itemId: 'emma', weight: 1 },
      { itemId: 'foundation', weight: 1 },
    ];
    expect(recommend(loaded, history, { n: 3 })).toEqual(recommend(model, history, { n: 3 }));
  });
});
