/**
 * Inverse of a symmetric positive-definite matrix in plain Float64Array code.
 *
 * Route: A = L·Lᵀ (Cholesky), W = L⁻¹, A⁻¹ = Wᵀ·W. Each stage is written as dot
 * products of contiguous rows (row-major storage; W is kept transposed so its
 * columns are rows too) and computes four outputs per pass over a streamed row.
 * That register blocking is what makes it fast in V8: one load of the streamed
 * row feeds four multiply-adds while the four partner rows stay in L1/L2.
 * Total work is n³/2 multiply-adds (n³/6 per stage).
 */

const dotScratch = new Float64Array(8);

/**
 * For rows x₀ = x[x0..], x₁ = x[x1..] and y₀..y₃ = y[yₜ..], all of length `len`,
 * writes dotScratch[4r + t] = xᵣ·yₜ. A 2×4 block is the measured sweet spot in V8
 * (x64 has 16 vector registers; 4×4 spills and runs slower).
 */
function dots2x4(
  x: Float64Array,
  x0: number,
  x1: number,
  y: Float64Array,
  y0: number,
  y1: number,
  y2: number,
  y3: number,
  len: number,
): void {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let k = 0; k < len; k++) {
    const p = x[x0 + k]!;
    const q = x[x1 + k]!;
    const v0 = y[y0 + k]!;
    const v1 = y[y1 + k]!;
    const v2 = y[y2 + k]!;
    const v3 = y[y3 + k]!;
    a0 += p * v0;
    a1 += p * v1;
    a2 += p * v2;
    a3 += p * v3;
    b0 += q * v0;
    b1 += q * v1;
    b2 += q * v2;
    b3 += q * v3;
  }
  dotScratch[0] = a0;
  dotScratch[1] = a1;
  dotScratch[2] = a2;
  dotScratch[3] = a3;
  dotScratch[4] = b0;
  dotScratch[5] = b1;
  dotScratch[6] = b2;
  dotScratch[7] = b3;
}

function dot(x: Float64Array, xOff: number, y: Float64Array, yOff: number, len: number): number {
  let s = 0;
  let t = 0;
  let k = 0;
  for (; k + 1 < len; k += 2) {
    s += x[xOff + k]! * y[yOff + k]!;
    t += x[xOff + k + 1]! * y[yOff + k + 1]!;
  }
  if (k < len) s += x[xOff + k]! * y[yOff + k]!;
  return s + t;
}

/**
 * In-place lower Cholesky factor of row-major `a` (n×n, only the lower triangle is
 * read). Afterwards the lower triangle holds L and the strict upper triangle is zero.
 * Throws when `a` is not (numerically) positive definite.
 */
export function choleskyLowerInPlace(a: Float64Array, n: number): void {
  for (let j0 = 0; j0 < n; j0 += 4) {
    const jb = Math.min(4, n - j0);
    // Diagonal block: plain dots, only jb² of them per panel.
    for (let r = j0; r < j0 + jb; r++) {
      for (let c = j0; c <= r; c++) {
        const s = a[r * n + c]! - dot(a, r * n, a, c * n, c);
        if (c === r) {
          if (!(s > 0)) throw new Error(`matrix is not positive definite (pivot ${r} = ${s})`);
          a[r * n + r] = Math.sqrt(s);
        } else {
          a[r * n + c] = s / a[c * n + c]!;
        }
      }
    }
    if (jb < 4) {
      for (let i = j0 + jb; i < n; i++) {
        for (let c = j0; c < j0 + jb; c++) {
          a[i * n + c] = (a[i * n + c]! - dot(a, i * n, a, c * n, c)) / a[c * n + c]!;
        }
      }
      continue;
    }
    // Rows below the block, two at a time: 2×4 dots over k < j0, then a tiny
    // forward solve over the block's own columns. A lone last row is paired with itself.
    for (let i = j0 + 4; i < n; i += 2) {
      const i1 = Math.min(i + 1, n - 1);
      dots2x4(a, i * n, i1 * n, a, j0 * n, (j0 + 1) * n, (j0 + 2) * n, (j0 + 3) * n, j0);
      for (let r = 0; r < 2; r++) {
        const ri = (r === 0 ? i : i1) * n;
        for (let t = 0; t < 4; t++) {
          const c = j0 + t;
          let v = a[ri + c]! - dotScratch[4 * r + t]!;
          for (let u = 0; u < t; u++) v -= a[ri + j0 + u]! * a[c * n + j0 + u]!;
          a[ri + c] = v / a[c * n + c]!;
        }
        if (i1 === i) break;
      }
    }
  }
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
}

/**
 * Wᵀ where W = L⁻¹, for a lower-triangular row-major L (strict upper part zero).
 * Returned row-major and upper triangular: row j of the result is column j of W.
 */
export function lowerInverseTransposed(l: Float64Array, n: number): Float64Array {
  const wt = new Float64Array(n * n);
  for (let j0 = 0; j0 < n; j0 += 4) {
    // Columns j0..j0+3 of W (rows of wt); a ragged last panel repeats its last column.
    const js = [j0, Math.min(j0 + 1, n - 1), Math.min(j0 + 2, n - 1), Math.min(j0 + 3, n - 1)] as const;
    // W[i][j] = (δᵢⱼ − Σ_{j≤k<i} L[i][k]·W[k][j]) / L[i][i]. Entries of wt not yet
    // computed are still zero, so every dot may run over the common range [j0, i).
    for (let i = j0; i < n; i += 2) {
      const i1 = Math.min(i + 1, n - 1);
      dots2x4(l, i * n + j0, i1 * n + j0, wt, js[0] * n + j0, js[1] * n + j0, js[2] * n + j0, js[3] * n + j0, i - j0);
      const lii = l[i * n + i]!;
      for (let t = 0; t < 4; t++) {
        const j = js[t]!;
        if (j <= i) wt[j * n + i] = ((j === i ? 1 : 0) - dotScratch[t]!) / lii;
      }
      if (i1 === i) continue;
      // Row i+1 also needs the k = i term, which was only just computed.
      const li1 = l[i1 * n + i1]!;
      const lOff = l[i1 * n + i]!;
      for (let t = 0; t < 4; t++) {
        const j = js[t]!;
        if (j <= i1) wt[j * n + i1] = ((j === i1 ? 1 : 0) - dotScratch[4 + t]! - lOff * wt[j * n + i]!) / li1;
      }
    }
  }
  return wt;
}

/**
 * out = Wt·Wtᵀ for an upper-triangular row-major Wt (zero below the diagonal),
 * i.e. Wᵀ·W = A⁻¹. Writes the full symmetric matrix into `out`.
 */
export function upperGramInto(wt: Float64Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i += 2) {
    const i1 = Math.min(i + 1, n - 1);
    // Wt[r][k] is zero for k < r, so for outputs j ≥ i the common range k ∈ [j, n)
    // covers every non-zero term; a ragged tail repeats the last row/column.
    for (let j = i; j < n; j += 4) {
      const j1 = Math.min(j + 1, n - 1);
      const j2 = Math.min(j + 2, n - 1);
      const j3 = Math.min(j + 3, n - 1);
      dots2x4(wt, i * n + j, i1 * n + j, wt, j * n + j, j1 * n + j, j2 * n + j, j3 * n + j, n - j);
      const cols = [j, j1, j2, j3] as const;
      for (let t = 0; t < 4; t++) {
        const c = cols[t]!;
        out[i * n + c] = dotScratch[t]!;
        out[c * n + i] = dotScratch[t]!;
        out[i1 * n + c] = dotScratch[4 + t]!;
        out[c * n + i1] = dotScratch[4 + t]!;
      }
    }
  }
}

/**
 * Inverse of a symmetric positive-definite row-major matrix. `a` is overwritten
 * (it is reused as the output buffer to keep peak memory at two n×n arrays).
 */
export function invertSpdInPlace(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new Error(`expected ${n * n} entries, got ${a.length}`);
  choleskyLowerInPlace(a, n);
  const wt = lowerInverseTransposed(a, n);
  upperGramInto(wt, n, a);
  return a;
}
