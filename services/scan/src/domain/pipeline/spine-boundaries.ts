import type { ShelfRow } from './shelf-rows';

/** A straight spine edge inside a shelf row: x = x0 + slope * (y - row middle). */
export interface BoundaryLine {
  readonly x0: number;
  readonly slope: number;
  /** Fraction of the sampled band the edge covers (0..1). */
  readonly score: number;
}

export interface BoundaryOptions {
  /** Largest |dx/dy| considered (0.36 is about 20 degrees of lean). */
  readonly maxSlope?: number;
  readonly slopeStep?: number;
  /** Minimum distance between two boundaries in pixels. */
  readonly minGap: number;
}

/** x of a boundary at height y, for a row whose middle is `mid`. */
export function boundaryX(b: BoundaryLine, y: number, mid: number): number {
  return b.x0 + b.slope * (y - mid);
}

/**
 * Scores every column of a shelf row as a possible spine edge: for each lean angle, counts the
 * vertical-edge pixels lying on the slanted line through that column (a small Hough transform
 * restricted to near-vertical lines), then keeps the best angle per column.
 */
export function boundaryProfile(
  vertical: Uint8Array,
  width: number,
  row: ShelfRow,
  opts: Omit<BoundaryOptions, 'minGap'>,
): { score: Float32Array; slope: Float32Array } {
  const maxSlope = opts.maxSlope ?? 0.36;
  const step = opts.slopeStep ?? 0.04;
  const height = row.bottom - row.top;
  // Books stand on the shelf, so the lower part of a row is the most reliably "book".
  const y0 = Math.round(row.top + 0.3 * height);
  const y1 = Math.round(row.bottom - 0.04 * height);
  const band = Math.max(1, y1 - y0);
  const mid = (row.top + row.bottom) / 2;
  const best = new Float32Array(width);
  const bestSlope = new Float32Array(width);
  const acc = new Float32Array(width);
  for (let s = -maxSlope; s <= maxSlope + 1e-9; s += step) {
    acc.fill(0);
    for (let y = y0; y < y1; y++) {
      const shift = Math.round(s * (y - mid));
      const base = y * width;
      for (let x = 1; x < width - 1; x++) {
        if (vertical[base + x] === 0 && vertical[base + x - 1] === 0 && vertical[base + x + 1] === 0) continue;
        const x0 = x - shift;
        if (x0 >= 0 && x0 < width) acc[x0] = (acc[x0] ?? 0) + 1;
      }
    }
    for (let x = 0; x < width; x++) {
      const v = (acc[x] ?? 0) / band;
      if (v > (best[x] ?? 0)) {
        best[x] = v;
        bestSlope[x] = s;
      }
    }
  }
  return { score: best, slope: bestSlope };
}

/**
 * Local maxima of the profile above `minScore`, at least `minGap` apart and not crossing each other
 * within +-halfHeight of the row middle (greedy, strongest first).
 */
export function pickBoundaries(
  profile: { score: Float32Array; slope: Float32Array },
  minGap: number,
  minScore: number,
  allowed: (x: number, slope: number) => boolean,
  halfHeight = 0,
): BoundaryLine[] {
  const { score, slope } = profile;
  const cand: number[] = [];
  for (let x = 1; x < score.length - 1; x++) {
    const v = score[x] ?? 0;
    if (v >= minScore && v >= (score[x - 1] ?? 0) && v >= (score[x + 1] ?? 0)) cand.push(x);
  }
  cand.sort((a, b) => (score[b] ?? 0) - (score[a] ?? 0));
  const taken: BoundaryLine[] = [];
  for (const x of cand) {
    const s = slope[x] ?? 0;
    if (!allowed(x, s)) continue;
    // Spine edges never cross inside the row and keep a spine's width apart at top and bottom.
    const clash = taken.some((t) => {
      const top = t.x0 - x - (t.slope - s) * halfHeight;
      const bottom = t.x0 - x + (t.slope - s) * halfHeight;
      return Math.abs(t.x0 - x) < minGap || Math.sign(top) !== Math.sign(bottom) || Math.min(Math.abs(top), Math.abs(bottom)) < minGap * 0.5;
    });
    if (clash) continue;
    taken.push({ x0: x, slope: s, score: score[x] ?? 0 });
  }
  return taken.sort((a, b) => a.x0 - b.x0);
}
