import { percentile, smooth } from './gradients';

export interface ShelfRow {
  readonly top: number;
  readonly bottom: number;
}

export interface ShelfRowOptions {
  /** Fraction of the 95th-percentile energy a row must exceed to count as books. */
  readonly level?: number;
  /** Fraction of the 95th-percentile energy a row keeps growing over once seeded. */
  readonly lowLevel?: number;
  /** Minimum row height as a fraction of the image height. */
  readonly minHeight?: number;
}

/**
 * Finds the bands of a photo that hold books: rows of the image rich in vertical edges (spine
 * sides and vertical lettering), separated by shelf boards and gaps where horizontal structure
 * dominates. Works on the per-row mean |gx| profile.
 */
export function findShelfRows(rowVertical: Float32Array, rowHorizontal: Float32Array, opts: ShelfRowOptions = {}): ShelfRow[] {
  const h = rowVertical.length;
  const ratio = new Float32Array(h);
  for (let y = 0; y < h; y++) {
    const v = rowVertical[y] ?? 0;
    const hz = rowHorizontal[y] ?? 0;
    // Books: vertical energy that is not just a textured horizontal surface.
    ratio[y] = v * Math.min(1.5, v / (hz + 1e-3));
  }
  const e = smooth(ratio, Math.max(1, Math.round(h * 0.01)));
  const peak = percentile(e, 0.97);
  const level = (opts.level ?? 0.3) * peak;
  // Hysteresis: a row is seeded where the energy clears `level` and grows while it clears `low`.
  // Large horizontal print (books lying flat) sets a high peak; upright spines with vertical
  // titles next to it score less and would otherwise fall apart into slivers.
  const low = (opts.lowLevel ?? 0.12) * peak;
  const minHeight = (opts.minHeight ?? 0.06) * h;
  const raw: ShelfRow[] = [];
  let start = -1;
  let seeded = false;
  for (let y = 0; y <= h; y++) {
    const v = y < h ? (e[y] ?? 0) : 0;
    const on = v > low;
    if (on && start < 0) {
      start = y;
      seeded = false;
    }
    if (on && v > level) seeded = true;
    if (!on && start >= 0) {
      if (seeded) raw.push({ top: start, bottom: y });
      start = -1;
    }
  }
  const merged: ShelfRow[] = [];
  for (const r of raw) {
    const last = merged[merged.length - 1];
    if (last && r.top - last.bottom < h * 0.015) merged[merged.length - 1] = { top: last.top, bottom: r.bottom };
    else merged.push(r);
  }
  const tallest = Math.max(0, ...merged.map((r) => r.bottom - r.top));
  return merged.filter((r) => r.bottom - r.top >= minHeight && r.bottom - r.top >= 0.3 * tallest);
}
