import { CsrMatrix, type SparseRow } from './csr-matrix';
import type { Contribution } from './recommender';
import { topNIndices } from './top-n';

/**
 * A sparse item → item weight matrix W (row = item the user has, column = item
 * scored). Both ItemKNN (W = pruned cosine similarities) and EASE (W = pruned B)
 * score a user as s = x·W, and explain item j by the terms x_i·W[i, j].
 */
export class ItemWeights {
  constructor(readonly weights: CsrMatrix) {
    if (weights.rows !== weights.cols) throw new Error('item weights must be square');
  }

  get itemCount(): number {
    return this.weights.rows;
  }

  /** out = x·W (out is overwritten). Cost: Σ over the row's items of their out-degree. */
  scoreInto(row: SparseRow, out: Float32Array): void {
    out.fill(0);
    const { indptr, indices, values } = this.weights;
    for (let k = 0; k < row.indices.length; k++) {
      const i = row.indices[k]!;
      if (i < 0 || i >= this.itemCount) continue;
      const x = row.values[k]!;
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) out[indices[p]!]! += x * values[p]!;
    }
  }

  /** Positive terms x_i·W[i, item] of the row, largest first. */
  contributions(row: SparseRow, item: number, limit: number): Contribution[] {
    const found: Contribution[] = [];
    for (let k = 0; k < row.indices.length; k++) {
      const i = row.indices[k]!;
      if (i < 0 || i >= this.itemCount || i === item) continue;
      const weight = row.values[k]!;
      const contribution = weight * this.weights.get(i, item);
      if (contribution > 0) found.push({ index: i, weight, contribution });
    }
    found.sort((a, b) => b.contribution - a.contribution || a.index - b.index);
    return found.slice(0, limit);
  }

  /**
   * Re-indexes weights learned on a subset of items into the full item space:
   * compact item c becomes `itemOf[c]` (ascending, so row order is preserved).
   */
  expand(itemOf: Int32Array, itemCount: number): ItemWeights {
    const src = this.weights;
    const indptr = new Int32Array(itemCount + 1);
    for (let c = 0; c < src.rows; c++) indptr[itemOf[c]! + 1] = src.rowLength(c);
    for (let i = 0; i < itemCount; i++) indptr[i + 1]! += indptr[i]!;
    const indices = new Int32Array(src.nnz);
    for (let p = 0; p < src.nnz; p++) indices[p] = itemOf[src.indices[p]!]!;
    return new ItemWeights(new CsrMatrix(itemCount, itemCount, indptr, indices, src.values.slice()));
  }
}

/** How to pick which inputs of a column to keep. */
export type KeepRule = 'largest' | 'magnitude';

/**
 * Collects, for every output item j, its k strongest input weights W[·, j], then
 * assembles the row-major ItemWeights. Keeping a fixed number of inputs per scored
 * item bounds both model size (n·k) and the cost of scoring.
 */
export class ColumnTopK {
  private readonly rowsOf: Int32Array;
  private readonly valsOf: Float32Array;
  private readonly counts: Int32Array;
  private readonly keys: Float64Array;

  constructor(
    readonly itemCount: number,
    readonly k: number,
    readonly keep: KeepRule = 'largest',
  ) {
    const width = this.width;
    this.rowsOf = new Int32Array(itemCount * width);
    this.valsOf = new Float32Array(itemCount * width);
    this.counts = new Int32Array(itemCount);
    this.keys = new Float64Array(itemCount);
  }

  /** Slots per column: k, but never more than the other items there are. */
  private get width(): number {
    return Math.min(this.k, Math.max(this.itemCount - 1, 0));
  }

  /**
   * Column j given densely: `values[i]` is W[i, j] for i in [0, itemCount)
   * times `scale` (read as values[offset + i·stride] so interleaved blocks and
   * rows of a symmetric matrix need no copy). The diagonal and zeros are never kept.
   */
  addDenseColumn(j: number, values: ArrayLike<number>, offset = 0, stride = 1, scale = 1): void {
    const keys = this.keys;
    for (let i = 0; i < this.itemCount; i++) {
      const v = values[offset + i * stride]! * scale;
      keys[i] = v === 0 || i === j ? Number.NEGATIVE_INFINITY : this.keep === 'magnitude' ? Math.abs(v) : v;
    }
    const kept = topNIndices(keys, this.width);
    this.store(j, kept.map(({ index }) => [index, values[offset + index * stride]! * scale] as const));
  }

  /** Column j given as `count` candidate (row, value) pairs; other rows are zero. */
  addSparseColumn(j: number, rows: Int32Array, values: Float64Array, count: number): void {
    const keys = new Float64Array(count);
    for (let p = 0; p < count; p++) {
      const v = values[p]!;
      keys[p] = v === 0 || rows[p] === j ? Number.NEGATIVE_INFINITY : this.keep === 'magnitude' ? Math.abs(v) : v;
    }
    const kept = topNIndices(keys, this.width);
    this.store(j, kept.map(({ index }) => [rows[index]!, values[index]!] as const));
  }

  private store(j: number, kept: ReadonlyArray<readonly [number, number]>): void {
    const base = j * this.width;
    let count = 0;
    for (const [row, value] of kept) {
      this.rowsOf[base + count] = row;
      this.valsOf[base + count] = value;
      count++;
    }
    this.counts[j] = count;
  }

  /** Row-major weights (rows = input items), built by a counting-sort transpose. */
  build(): ItemWeights {
    const n = this.itemCount;
    const width = this.width;
    const indptr = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < this.counts[j]!; p++) indptr[this.rowsOf[j * width + p]! + 1]!++;
    }
    for (let i = 0; i < n; i++) indptr[i + 1]! += indptr[i]!;
    const next = indptr.slice(0, n);
    const indices = new Int32Array(indptr[n]!);
    const values = new Float32Array(indptr[n]!);
    // Columns are visited in increasing j, so each row's columns come out sorted.
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < this.counts[j]!; p++) {
        const i = this.rowsOf[j * width + p]!;
        const at = next[i]!++;
        indices[at] = j;
        values[at] = this.valsOf[j * width + p]!;
      }
    }
    return new ItemWeights(new CsrMatrix(n, n, indptr, indices, values));
  }
}
