import type { Point } from './geometry';

export interface Component {
  /** Pixel count. */
  readonly area: number;
  /** Left-most and right-most pixel of every row the component touches (enough for a convex hull). */
  readonly extremes: Point[];
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
  /** Sum of `weights` over the component's pixels. */
  readonly weightSum: number;
}

/** 8-connected components of `mask != 0`, found by an iterative flood fill. */
export function connectedComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  weights: Float32Array,
  minArea: number,
): Component[] {
  const labels = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const out: Component[] = [];
  let label = 0;
  const rowMin = new Int32Array(height);
  const rowMax = new Int32Array(height);
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] === 0 || labels[start] !== 0) continue;
    label++;
    let sp = 0;
    stack[sp++] = start;
    labels[start] = label;
    let area = 0;
    let wsum = 0;
    let minX = width;
    let maxX = -1;
    let minY = height;
    let maxY = -1;
    const touched: number[] = [];
    while (sp > 0) {
      const idx = stack[--sp] ?? 0;
      const y = (idx / width) | 0;
      const x = idx - y * width;
      area++;
      wsum += weights[idx] ?? 0;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (rowMin[y] === 0) {
        touched.push(y);
        rowMin[y] = x + 1;
        rowMax[y] = x + 1;
      } else {
        if (x + 1 < (rowMin[y] ?? 0)) rowMin[y] = x + 1;
        if (x + 1 > (rowMax[y] ?? 0)) rowMax[y] = x + 1;
      }
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
          const n = ny * width + nx;
          if (mask[n] !== 0 && labels[n] === 0) {
            labels[n] = label;
            stack[sp++] = n;
          }
        }
      }
    }
    const extremes: Point[] = [];
    for (const y of touched) {
      extremes.push([(rowMin[y] ?? 1) - 1, y], [(rowMax[y] ?? 1) - 1 + 1, y], [(rowMin[y] ?? 1) - 1, y + 1], [(rowMax[y] ?? 1) - 1 + 1, y + 1]);
      rowMin[y] = 0;
      rowMax[y] = 0;
    }
    if (area >= minArea) out.push({ area, extremes, minX, maxX, minY, maxY, weightSum: wsum });
  }
  return out;
}
