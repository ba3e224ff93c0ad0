import { CsrMatrix, type SparseRow } from './csr-matrix';
import type { InteractionMatrix } from './interaction-matrix';
import { ItemWeights } from './item-weights';
import { requireArray, type ModelArtifact, type ModelKind } from './model-artifact';
import type { Contribution, Recommender } from './recommender';
import { topNIndices, type ScoredItem } from './top-n';

/**
 * Shared scoring, explanation and (de)serialisation for models that reduce to a
 * sparse item → item weight matrix; subclasses only say how to learn the weights.
 */
export abstract class ItemToItemModel implements Recommender {
  abstract readonly kind: ModelKind;
  abstract readonly name: string;
  protected fitted: { itemIds: readonly string[]; weights: ItemWeights } | undefined;

  get itemIds(): readonly string[] {
    return this.fitted?.itemIds ?? [];
  }

  /** The learned weights; throws before fit/load. */
  get weights(): ItemWeights {
    if (this.fitted === undefined) throw new Error(`${this.name} is not fitted`);
    return this.fitted.weights;
  }

  fit(matrix: InteractionMatrix): void {
    this.fitted = { itemIds: [...matrix.items.ids()], weights: this.learnWeights(matrix) };
  }

  protected abstract learnWeights(matrix: InteractionMatrix): ItemWeights;

  /** Hyper-parameters and fit facts recorded in the artifact. */
  protected abstract params(): Record<string, number | string | boolean>;

  scoreUser(row: SparseRow): Float32Array {
    const scores = new Float32Array(this.weights.itemCount);
    this.weights.scoreInto(row, scores);
    return scores;
  }

  topN(row: SparseRow, n: number, exclude?: ReadonlySet<number>): ScoredItem[] {
    return topNIndices(this.scoreUser(row), n, exclude);
  }

  explain(row: SparseRow, itemIdx: number, limit = 3): Contribution[] {
    return this.weights.contributions(row, itemIdx, limit);
  }

  toArtifact(): ModelArtifact {
    const { weights } = this;
    return {
      kind: this.kind,
      params: this.params(),
      itemIds: this.itemIds,
      arrays: {
        indptr: weights.weights.indptr,
        indices: weights.weights.indices,
        values: weights.weights.values,
      },
    };
  }

  /** Restores fitted state written by `toArtifact`. */
  protected restore(artifact: ModelArtifact): this {
    const n = artifact.itemIds.length;
    const csr = new CsrMatrix(
      n,
      n,
      requireArray(artifact, 'indptr', Int32Array),
      requireArray(artifact, 'indices', Int32Array),
      requireArray(artifact, 'values', Float32Array),
    );
    this.fitted = { itemIds: artifact.itemIds, weights: new ItemWeights(csr) };
    return this;
  }
}
