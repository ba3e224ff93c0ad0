import type { InteractionMatrix } from './interaction-matrix';
import { ItemToItemModel } from './item-to-item-model';
import { ColumnTopK, type ItemWeights } from './item-weights';
import { requireNumber, type ModelArtifact } from './model-artifact';

export interface ItemKnnOptions {
  /** Neighbours kept per scored item (the k of kNN). */
  readonly neighbours: number;
  /** Added to the cosine denominator to damp similarities resting on few co-occurrences. */
  readonly shrink?: number;
}

/**
 * Item-based kNN: W[i, j] = cos(item i, item j) over users, keeping for every
 * scored item j its `neighbours` most similar items. score_j = Σ_i x_ui · W[i, j].
 */
export class ItemKnnRecommender extends ItemToItemModel {
  readonly kind = 'item-knn';
  readonly neighbours: number;
  readonly shrink: number;

  constructor(options: ItemKnnOptions) {
    super();
    if (!(options.neighbours >= 1)) throw new Error('neighbours must be ≥ 1');
    this.neighbours = Math.floor(options.neighbours);
    this.shrink = options.shrink ?? 0;
  }

  get name(): string {
    return `ItemKNN k=${this.neighbours}${this.shrink > 0 ? ` shrink=${this.shrink}` : ''}`;
  }

  protected params(): Record<string, number> {
    return { neighbours: this.neighbours, shrink: this.shrink };
  }

  protected learnWeights(matrix: InteractionMatrix): ItemWeights {
    const n = matrix.itemCount;
    const byItem = matrix.byItem();
    const byUser = matrix.byUser;
    const norms = new Float64Array(n);
    for (let k = 0; k < byUser.nnz; k++) norms[byUser.indices[k]!]! += byUser.values[k]! ** 2;
    for (let i = 0; i < n; i++) norms[i] = Math.sqrt(norms[i]!);

    const collector = new ColumnTopK(n, this.neighbours, 'largest');
    // Dense accumulator plus the list of touched items: co-occurrence of item j with
    // every item i is Σ over j's users of x_uj·x_ui, found by walking those users' rows.
    const dotWith = new Float64Array(n);
    const touched = new Int32Array(n);
    const seenFor = new Int32Array(n).fill(-1); // seenFor[i] === j ⇔ i already in touched
    const sims = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let count = 0;
      for (let p = byItem.indptr[j]!; p < byItem.indptr[j + 1]!; p++) {
        const u = byItem.indices[p]!;
        const xuj = byItem.values[p]!;
        for (let q = byUser.indptr[u]!; q < byUser.indptr[u + 1]!; q++) {
          const i = byUser.indices[q]!;
          if (seenFor[i] !== j) {
            seenFor[i] = j;
            touched[count++] = i;
          }
          dotWith[i]! += xuj * byUser.values[q]!;
        }
      }
      for (let p = 0; p < count; p++) {
        const i = touched[p]!;
        const denominator = norms[i]! * norms[j]! + this.shrink;
        sims[p] = denominator > 0 ? dotWith[i]! / denominator : 0;
        dotWith[i] = 0;
      }
      collector.addSparseColumn(j, touched, sims, count);
    }
    return collector.build();
  }

  static fromArtifact(artifact: ModelArtifact): ItemKnnRecommender {
    const model = new ItemKnnRecommender({
      neighbours: requireNumber(artifact, 'neighbours'),
      shrink: requireNumber(artifact, 'shrink'),
    });
    return model.restore(artifact);
  }
}
