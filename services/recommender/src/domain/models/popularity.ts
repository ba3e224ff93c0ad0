import type { SparseRow } from './csr-matrix';
import type { InteractionMatrix } from './interaction-matrix';
import { requireArray, type ModelArtifact } from './model-artifact';
import type { Contribution, Recommender } from './recommender';
import { topNIndices, type ScoredItem } from './top-n';

/**
 * Most-popular baseline and cold-start fallback: an item's score is the number of
 * users who interacted with it, the same for everyone.
 */
export class PopularityRecommender implements Recommender {
  readonly kind = 'popularity';
  readonly name = 'MostPop';
  private fitted: { itemIds: readonly string[]; counts: Float32Array } | undefined;

  get itemIds(): readonly string[] {
    return this.fitted?.itemIds ?? [];
  }

  private get counts(): Float32Array {
    if (this.fitted === undefined) throw new Error('MostPop is not fitted');
    return this.fitted.counts;
  }

  fit(matrix: InteractionMatrix): void {
    const counts = new Float32Array(matrix.itemCount);
    const { indices, values } = matrix.byUser;
    for (let k = 0; k < indices.length; k++) if (values[k]! > 0) counts[indices[k]!]!++;
    this.fitted = { itemIds: [...matrix.items.ids()], counts };
  }

  scoreUser(_row: SparseRow): Float32Array {
    return this.counts.slice();
  }

  topN(_row: SparseRow, n: number, exclude?: ReadonlySet<number>): ScoredItem[] {
    return topNIndices(this.counts, n, exclude);
  }

  /** Popularity has no personal reason to give. */
  explain(_row: SparseRow, _itemIdx: number, _limit?: number): Contribution[] {
    return [];
  }

  toArtifact(): ModelArtifact {
    return { kind: this.kind, params: {}, itemIds: this.itemIds, arrays: { counts: this.counts } };
  }

  static fromArtifact(artifact: ModelArtifact): PopularityRecommender {
    const model = new PopularityRecommender();
    model.fitted = { itemIds: artifact.itemIds, counts: requireArray(artifact, 'counts', Float32Array) };
    return model;
  }
}
