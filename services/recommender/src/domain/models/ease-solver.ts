import type { CsrMatrix } from './csr-matrix';
import { invertSpdInPlace } from './spd-inverse';

/**
 * EASE weights column by column: B = I − P·diag(P)⁻¹ with P = (XᵀX + λI)⁻¹ and a
 * zero diagonal. Column j is delivered as `values[offset + i·stride] · scale` for
 * i in [0, items) (diagonal entry to be ignored), so no n×n B is ever built.
 */
export type EaseColumnSink = (j: number, values: Float64Array, offset: number, stride: number, scale: number) => void;

export type EaseSolver = 'primal' | 'dual';

/** Wall time of each stage of the last solve, for benchmarks and logs. */
export interface EaseTimings {
  /** Building the Gram matrix (XᵀX or XXᵀ) plus λI. */
  gramMs: number;
  /** Inverting it (Cholesky route, see spd-inverse.ts). */
  invertMs: number;
  /** Producing every column of B and handing it to the sink (incl. pruning). */
  columnsMs: number;
}

export const emptyTimings = (): EaseTimings => ({ gramMs: 0, invertMs: 0, columnsMs: 0 });

/** Multiply-add estimates used to pick the cheaper route for a given matrix. */
export function easeCost(users: number, items: number, nnz: number): Record<EaseSolver, number> {
  return {
    primal: items ** 3 / 2,
    dual: users ** 3 / 2 + (users + items) * nnz,
  };
}

/**
 * Primal route: invert the items × items Gram matrix directly. Cost ≈ items³/2,
 * memory 2·items² doubles. Right when items ≤ users.
 */
export function easeColumnsPrimal(
  x: CsrMatrix,
  lambda: number,
  sink: EaseColumnSink,
  timings: EaseTimings = emptyTimings(),
): void {
  let stageStart = performance.now();
  const n = x.cols;
  const g = new Float64Array(n * n);
  // Lower triangle of XᵀX from each user's co-occurring pairs.
  for (let u = 0; u < x.rows; u++) {
    const start = x.indptr[u]!;
    const end = x.indptr[u + 1]!;
    for (let p = start; p < end; p++) {
      const i = x.indices[p]!;
      const xi = x.values[p]!;
      const rowOff = i * n;
      for (let q = start; q <= p; q++) g[rowOff + x.indices[q]!]! += xi * x.values[q]!;
    }
  }
  for (let i = 0; i < n; i++) g[i * n + i]! += lambda;
  timings.gramMs = performance.now() - stageStart;
  stageStart = performance.now();
  const p = invertSpdInPlace(g, n);
  timings.invertMs = performance.now() - stageStart;
  stageStart = performance.now();
  // P is symmetric, so column j is row j: B[i, j] = −P[i, j] / P[j, j].
  for (let j = 0; j < n; j++) sink(j, p, j * n, 1, -1 / p[j * n + j]!);
  timings.columnsMs = performance.now() - stageStart;
}

const BLOCK = 8;

/**
 * Dual route via the Woodbury identity, for when users < items:
 *   P = (1/λ)(I − Xᵀ K X),  K = (λI + XXᵀ)⁻¹  (users × users).
 * For item j, with q = Xᵀ K x_j:  P[i, j] = −q_i/λ (i ≠ j),  P[j, j] = (1 − q_j)/λ,
 * hence B[i, j] = q_i / (1 − q_j). Exact, not an approximation; cost ≈ users³/2 for
 * K plus (users + items)·nnz for all columns. Columns go in blocks of 8 so the
 * scatter over X's rows does 8 independent multiply-adds per loaded entry.
 */
export function easeColumnsDual(
  x: CsrMatrix,
  lambda: number,
  sink: EaseColumnSink,
  timings: EaseTimings = emptyTimings(),
): void {
  let stageStart = performance.now();
  const m = x.rows;
  const n = x.cols;
  const byItem = x.transpose();
  const k = new Float64Array(m * m);
  // Lower triangle of XXᵀ from each item's co-occurring user pairs.
  for (let i = 0; i < n; i++) {
    const start = byItem.indptr[i]!;
    const end = byItem.indptr[i + 1]!;
    for (let p = start; p < end; p++) {
      const u = byItem.indices[p]!;
      const xu = byItem.values[p]!;
      const rowOff = u * m;
      for (let q = start; q <= p; q++) k[rowOff + byItem.indices[q]!]! += xu * byItem.values[q]!;
    }
  }
  for (let u = 0; u < m; u++) k[u * m + u]! += lambda;
  timings.gramMs = performance.now() - stageStart;
  stageStart = performance.now();
  invertSpdInPlace(k, m);
  timings.invertMs = performance.now() - stageStart;
  stageStart = performance.now();

  const y = new Float64Array(m * BLOCK); // y[v·8 + t] = (K x_j)_v for j = j0 + t
  const q = new Float64Array(n * BLOCK); // q[i·8 + t] = (Xᵀ K x_j)_i
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const width = Math.min(BLOCK, n - j0);
    y.fill(0);
    for (let t = 0; t < width; t++) {
      const j = j0 + t;
      for (let p = byItem.indptr[j]!; p < byItem.indptr[j + 1]!; p++) {
        const xu = byItem.values[p]!;
        const rowOff = byItem.indices[p]! * m; // row u of K = column u (symmetric)
        for (let v = 0; v < m; v++) y[v * BLOCK + t]! += xu * k[rowOff + v]!;
      }
    }
    q.fill(0);
    for (let v = 0; v < m; v++) {
      const yo = v * BLOCK;
      const y0 = y[yo]!;
      const y1 = y[yo + 1]!;
      const y2 = y[yo + 2]!;
      const y3 = y[yo + 3]!;
      const y4 = y[yo + 4]!;
      const y5 = y[yo + 5]!;
      const y6 = y[yo + 6]!;
      const y7 = y[yo + 7]!;
      for (let p = x.indptr[v]!; p < x.indptr[v + 1]!; p++) {
        const xv = x.values[p]!;
        const qo = x.indices[p]! * BLOCK;
        q[qo]! += xv * y0;
        q[qo + 1]! += xv * y1;
        q[qo + 2]! += xv * y2;
        q[qo + 3]! += xv * y3;
        q[qo + 4]! += xv * y4;
        q[qo + 5]! += xv * y5;
        q[qo + 6]! += xv * y6;
        q[qo + 7]! += xv * y7;
      }
    }
    for (let t = 0; t < width; t++) {
      const j = j0 + t;
      // 1 − q_j = λ·P[j, j] > 0 because P is positive definite.
      sink(j, q, t, BLOCK, 1 / (1 - q[j * BLOCK + t]!));
    }
  }
  timings.columnsMs = performance.now() - stageStart;
}
