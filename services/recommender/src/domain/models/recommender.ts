import type { SparseRow } from './csr-matrix';
import type { InteractionMatrix } from './interaction-matrix';
import type { ModelArtifact, ModelKind } from './model-artifact';
import type { ScoredItem } from './top-n';

/** Why an item was recommended: one item the user interacted with and its share of the score. */
export interface Contribution {
  /** Model item index of the item the user interacted with. */
  readonly index: number;
  /** The user's weight on that item (x_ui). */
  readonly weight: number;
  /** x_ui · w(i → recommended item): the part of the score this item explains. */
  readonly contribution: number;
}

/**
 * A fitted recommender scores every model item for one user row. Item indices are
 * the training matrix's item indices; `itemIds` maps them back to ids.
 */
export interface Recommender {
  readonly kind: ModelKind;
  /** Human-readable with hyper-parameters, e.g. "EASE λ=500". */
  readonly name: string;
  /** Item id per model item index (empty before fit). */
  readonly itemIds: readonly string[];
  fit(matrix: InteractionMatrix): void;
  /** One score per model item; higher is better. The row's own items are not removed. */
  scoreUser(row: SparseRow): Float32Array;
  /** Best `n` items for the row, best first, never returning an index in `exclude`. */
  topN(row: SparseRow, n: number, exclude?: ReadonlySet<number>): ScoredItem[];
  /** The row's items that contribute most (positively) to `itemIdx`'s score, largest first. */
  explain(row: SparseRow, itemIdx: number, limit?: number): Contribution[];
  /** The fitted state as plain data, see `serializeModel`. */
  toArtifact(): ModelArtifact;
}

/** The set of item indices present in a row, e.g. to exclude what a user already read. */
export function itemsOf(row: SparseRow): Set<number> {
  return new Set(row.indices);
}
