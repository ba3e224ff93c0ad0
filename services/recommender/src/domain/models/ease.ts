import { CsrMatrix } from './csr-matrix';
import {
  easeColumnsDual,
  easeColumnsPrimal,
  easeCost,
  emptyTimings,
  type EaseSolver,
  type EaseTimings,
} from './ease-solver';
import type { InteractionMatrix } from './interaction-matrix';
import { ItemToItemModel } from './item-to-item-model';
import { ColumnTopK, type ItemWeights, type KeepRule } from './item-weights';
import { requireNumber, type ModelArtifact } from './model-artifact';

export interface EaseOptions {
  /** L2 regularisation λ of the closed form. */
  readonly lambda: number;
  /**
   * Weights kept per scored item (largest |B[i, j]| by default). The dense B is
   * items² floats (≈ 400 MB for 10k items); keeping the strongest 64 per column
   * makes the stored model ~100× smaller and, on goodbooks, ranks better too.
   */
  readonly neighbours?: number;
  readonly keep?: KeepRule;
  /** Items with fewer training interactions are left out of the model entirely. */
  readonly minItemSupport?: number;
  /** Force a route; 'auto' takes the cheaper of primal (items³) and dual (users³). */
  readonly solver?: EaseSolver | 'auto';
}

/**
 * EASE (Steck 2019): B = argmin ‖X − XB‖² + λ‖B‖² s.t. diag(B) = 0, in closed form
 * B = I − P·diag(P)⁻¹, P = (XᵀX + λI)⁻¹. score_j = Σ_i x_ui · B[i, j].
 */
export class EaseRecommender extends ItemToItemModel {
  readonly kind = 'ease';
  readonly lambda: number;
  readonly neighbours: number;
  readonly keep: KeepRule;
  readonly minItemSupport: number;
  readonly solver: EaseSolver | 'auto';
  /** Route taken by the last fit. */
  solverUsed: EaseSolver | undefined;
  /** Shape and stage timings of the last fit (not serialised). */
  lastFit: (EaseTimings & { users: number; items: number; nnz: number }) | undefined;

  constructor(options: EaseOptions) {
    super();
    if (!(options.lambda > 0)) throw new Error('lambda must be > 0');
    this.lambda = options.lambda;
    this.neighbours = Math.floor(options.neighbours ?? 64); // tuned on goodbooks, see docs/recommender-eval.md
    this.keep = options.keep ?? 'magnitude';
    this.minItemSupport = options.minItemSupport ?? 1;
    this.solver = options.solver ?? 'auto';
  }

  get name(): string {
    return `EASE λ=${this.lambda} k=${this.neighbours}`;
  }

  protected params(): Record<string, number | string> {
    return {
      lambda: this.lambda,
      neighbours: this.neighbours,
      keep: this.keep,
      minItemSupport: this.minItemSupport,
      solver: this.solverUsed ?? this.solver,
    };
  }

  protected learnWeights(matrix: InteractionMatrix): ItemWeights {
    const { x, itemOf } = activeSubmatrix(matrix, this.minItemSupport);
    const cost = easeCost(x.rows, x.cols, x.nnz);
    const route = this.solver === 'auto' ? (cost.dual < cost.primal ? 'dual' : 'primal') : this.solver;
    const collector = new ColumnTopK(x.cols, this.neighbours, this.keep);
    const sink = (j: number, values: Float64Array, offset: number, stride: number, scale: number): void =>
      collector.addDenseColumn(j, values, offset, stride, scale);
    const timings = emptyTimings();
    if (route === 'dual') easeColumnsDual(x, this.lambda, sink, timings);
    else easeColumnsPrimal(x, this.lambda, sink, timings);
    this.solverUsed = route;
    this.lastFit = { ...timings, users: x.rows, items: x.cols, nnz: x.nnz };
    return collector.build().expand(itemOf, matrix.itemCount);
  }

  static fromArtifact(artifact: ModelArtifact): EaseRecommender {
    const solver = artifact.params['solver'];
    const keep = artifact.params['keep'];
    const model = new EaseRecommender({
      lambda: requireNumber(artifact, 'lambda'),
      neighbours: requireNumber(artifact, 'neighbours'),
      minItemSupport: requireNumber(artifact, 'minItemSupport'),
      keep: keep === 'largest' ? 'largest' : 'magnitude',
    });
    if (solver === 'primal' || solver === 'dual') model.solverUsed = solver;
    return model.restore(artifact);
  }
}

/**
 * X restricted to items with ≥ minSupport interactions and to users who still have
 * an interaction, re-indexed densely; `itemOf[c]` is the full index of compact item c.
 */
function activeSubmatrix(matrix: InteractionMatrix, minSupport: number): { x: CsrMatrix; itemOf: Int32Array } {
  const support = matrix.itemSupport();
  const compactOf = new Int32Array(matrix.itemCount).fill(-1);
  const itemOf: number[] = [];
  for (let i = 0; i < matrix.itemCount; i++) {
    if (support[i]! >= Math.max(1, minSupport)) {
      compactOf[i] = itemOf.length;
      itemOf.push(i);
    }
  }
  const src = matrix.byUser;
  const indptr: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < src.rows; u++) {
    for (let p = src.indptr[u]!; p < src.indptr[u + 1]!; p++) {
      const c = compactOf[src.indices[p]!]!;
      if (c < 0) continue;
      indices.push(c);
      values.push(src.values[p]!);
    }
    if (indices.length > indptr[indptr.length - 1]!) indptr.push(indices.length);
  }
  const x = new CsrMatrix(
    indptr.length - 1,
    itemOf.length,
    Int32Array.from(indptr),
    Int32Array.from(indices),
    Float32Array.from(values),
  );
  return { x, itemOf: Int32Array.from(itemOf) };
}
