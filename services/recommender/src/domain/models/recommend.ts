import type { SparseRow } from './csr-matrix';
import type { Recommender } from './recommender';

/** One user event expressed with external ids, e.g. straight from the database. */
export interface ItemInteraction {
  readonly itemId: string;
  readonly weight: number;
}

export interface Reason {
  /** An item the user interacted with ("Because you rated Dune 5★"). */
  readonly itemId: string;
  readonly weight: number;
  readonly contribution: number;
}

export interface Recommendation {
  readonly itemId: string;
  readonly score: number;
  /** Strongest positive contributors first; empty for popularity. */
  readonly because: readonly Reason[];
}

export interface RecommendOptions {
  readonly n: number;
  /** Extra item ids never to return (the user's own items are always excluded). */
  readonly excludeItemIds?: Iterable<string>;
  /** How many reasons per recommendation (0 = skip explanations). Default 3. */
  readonly reasons?: number;
}

const itemIndexCache = new WeakMap<Recommender, Map<string, number>>();

function itemIndexOf(model: Recommender): Map<string, number> {
  let index = itemIndexCache.get(model);
  if (index === undefined) {
    index = new Map(model.itemIds.map((id, i) => [id, i]));
    itemIndexCache.set(model, index);
  }
  return index;
}

/**
 * A user's current interactions as a row over the model's item indices. Items the
 * model has never seen (e.g. added after training) are dropped; repeats keep the
 * largest weight, as in training.
 */
export function userRow(model: Recommender, interactions: Iterable<ItemInteraction>): SparseRow {
  const index = itemIndexOf(model);
  const byItem = new Map<number, number>();
  for (const { itemId, weight } of interactions) {
    const i = index.get(itemId);
    if (i === undefined) continue;
    byItem.set(i, Math.max(byItem.get(i) ?? Number.NEGATIVE_INFINITY, weight));
  }
  const indices = Int32Array.from([...byItem.keys()].sort((a, b) => a - b));
  const values = Float32Array.from(indices, (i) => byItem.get(i)!);
  return { indices, values };
}

/**
 * Top-n recommendations for a user described by external ids, with reasons. Works
 * for users unknown at training time: only their interactions are needed.
 */
export function recommend(
  model: Recommender,
  interactions: Iterable<ItemInteraction>,
  options: RecommendOptions,
): Recommendation[] {
  const index = itemIndexOf(model);
  const row = userRow(model, interactions);
  const exclude = new Set<number>(row.indices);
  for (const id of options.excludeItemIds ?? []) {
    const i = index.get(id);
    if (i !== undefined) exclude.add(i);
  }
  const reasons = options.reasons ?? 3;
  return model.topN(row, options.n, exclude).map(({ index: item, score }) => ({
    itemId: model.itemIds[item]!,
    score,
    because:
      reasons > 0
        ? model.explain(row, item, reasons).map((c) => ({
            itemId: model.itemIds[c.index]!,
            weight: c.weight,
            contribution: c.contribution,
          }))
        : [],
  }));
}
