import { describe, expect, it } from 'vitest';
import { invertSpdInPlace } from './spd-inverse';

/** A = MᵀM + I for a pseudo-random M: symmetric positive definite by construction. */
function randomSpd(n: number, seed: number): Float64Array {
  let s = seed;
  const next = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const m = Array.from({ length: n + 3 }, () => Array.from({ length: n }, next));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = m.reduce((acc, row) => acc + row[i]! * row[j]!, 0) + (i === j ? 1 : 0);
  }
  return a;
}

describe('invertSpdInPlace', () => {
  // Sizes around the 4-wide panels and 2-row pairs hit every ragged edge.
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 13, 33]) {
    it(`A·A⁻¹ = I for n = ${n}`, () => {
      const a = randomSpd(n, n + 11);
      const inv = invertSpdInPlace(a.slice(), n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let v = 0;
          for (let k = 0; k < n; k++) v += a[i * n + k]! * inv[k * n + j]!;
          expect(v).toBeCloseTo(i === j ? 1 : 0, 9);
        }
      }
    });
  }

  it('rejects a matrix that is not positive definite', () => {
    expect(() => invertSpdInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/positive definite/);
  });
});
