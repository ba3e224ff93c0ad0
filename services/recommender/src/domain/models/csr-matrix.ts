/** One sparse row: parallel arrays of column indices (ascending) and values. */
export interface SparseRow {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** What to do when the same (row, column) cell is given more than once. */
export type DuplicatePolicy = 'max' | 'sum' | 'last';

/**
 * Compressed sparse row matrix. Column indices are sorted and unique within each
 * row, which lets lookups binary-search and lets rows be merged linearly.
 */
export class CsrMatrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly indptr: Int32Array,
    readonly indices: Int32Array,
    readonly values: Float32Array,
  ) {
    if (indptr.length !== rows + 1) throw new Error(`indptr must have ${rows + 1} entries`);
    if (indices.length !== values.length) throw new Error('indices and values differ in length');
  }

  get nnz(): number {
    return this.indptr[this.rows]!;
  }

  /** Zero-copy view of row `r`. */
  row(r: number): SparseRow {
    if (r < 0 || r >= this.rows) throw new RangeError(`row ${r} out of range [0, ${this.rows})`);
    const start = this.indptr[r]!;
    const end = this.indptr[r + 1]!;
    return { indices: this.indices.subarray(start, end), values: this.values.subarray(start, end) };
  }

  rowLength(r: number): number {
    return this.indptr[r + 1]! - this.indptr[r]!;
  }

  /** Value at (r, c), 0 when absent. */
  get(r: number, c: number): number {
    let lo = this.indptr[r]!;
    let hi = this.indptr[r + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const col = this.indices[mid]!;
      if (col === c) return this.values[mid]!;
      if (col < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Transpose by counting sort; rows of the result come out with sorted columns. */
  transpose(): CsrMatrix {
    const counts = new Int32Array(this.cols + 1);
    const nnz = this.nnz;
    for (let k = 0; k < nnz; k++) counts[this.indices[k]! + 1]!++;
    for (let c = 0; c < this.cols; c++) counts[c + 1]! += counts[c]!;
    const indptr = counts.slice();
    const next = counts.subarray(0, this.cols).slice();
    const indices = new Int32Array(nnz);
    const values = new Float32Array(nnz);
    for (let r = 0; r < this.rows; r++) {
      for (let k = this.indptr[r]!; k < this.indptr[r + 1]!; k++) {
        const c = this.indices[k]!;
        const at = next[c]!++;
        indices[at] = r;
        values[at] = this.values[k]!;
      }
    }
    return new CsrMatrix(this.cols, this.rows, indptr, indices, values);
  }

  /**
   * Builds a CSR matrix from coordinate triples (any order). Duplicated cells are
   * merged by `onDuplicate`; explicit zeros are kept (they may be meaningful weights).
   */
  static fromCoordinates(
    rows: number,
    cols: number,
    rowIdx: Int32Array,
    colIdx: Int32Array,
    vals: Float32Array,
    onDuplicate: DuplicatePolicy = 'max',
  ): CsrMatrix {
    const n = rowIdx.length;
    if (colIdx.length !== n || vals.length !== n) throw new Error('coordinate arrays differ in length');
    const counts = new Int32Array(rows + 1);
    for (let k = 0; k < n; k++) {
      const r = rowIdx[k]!;
      const c = colIdx[k]!;
      if (r < 0 || r >= rows || c < 0 || c >= cols) throw new RangeError(`cell (${r}, ${c}) out of range`);
      counts[r + 1]!++;
    }
    for (let r = 0; r < rows; r++) counts[r + 1]! += counts[r]!;
    // Stable bucket by row keeps input order within a row, which 'last' relies on.
    const next = counts.subarray(0, rows).slice();
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[next[rowIdx[k]!]!++] = k;

    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(n);
    const values = new Float32Array(n);
    let out = 0;
    for (let r = 0; r < rows; r++) {
      const start = counts[r]!;
      const end = counts[r + 1]!;
      const slice = Array.from(order.subarray(start, end));
      // Sort by column, ties by input position so 'last' means last given.
      slice.sort((a, b) => colIdx[a]! - colIdx[b]! || a - b);
      let prevCol = -1;
      for (const k of slice) {
        const c = colIdx[k]!;
        const v = vals[k]!;
        if (c === prevCol) {
          const at = out - 1;
          if (onDuplicate === 'sum') values[at] = values[at]! + v;
          else if (onDuplicate === 'max') values[at] = Math.max(values[at]!, v);
          else values[at] = v;
          continue;
        }
        indices[out] = c;
        values[out] = v;
        out++;
        prevCol = c;
      }
      indptr[r + 1] = out;
    }
    return new CsrMatrix(rows, cols, indptr, indices.slice(0, out), values.slice(0, out));
  }
}
