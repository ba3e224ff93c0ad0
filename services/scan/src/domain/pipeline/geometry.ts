export type Point = readonly [number, number];
/** Four corners, clockwise from top-left in image coordinates. */
export type Quad = readonly [Point, Point, Point, Point];

/** A rotated rectangle: centre, unit axis `u` along its length, full length and thickness. */
export interface RotatedRect {
  readonly cx: number;
  readonly cy: number;
  /** Unit vector along the long side. */
  readonly ux: number;
  readonly uy: number;
  /** Extent along u (>= thickness). */
  readonly length: number;
  /** Extent across u. */
  readonly thickness: number;
}

/** A line of text written along the spine of an upright book (its long axis within 45° of vertical). */
export function isVertical(r: RotatedRect): boolean {
  return Math.abs(r.uy) >= Math.SQRT1_2;
}

export function rectCorners(r: RotatedRect): Quad {
  const hx = (r.ux * r.length) / 2;
  const hy = (r.uy * r.length) / 2;
  const vx = (-r.uy * r.thickness) / 2;
  const vy = (r.ux * r.thickness) / 2;
  const pts: Point[] = [
    [r.cx - hx - vx, r.cy - hy - vy],
    [r.cx + hx - vx, r.cy + hy - vy],
    [r.cx + hx + vx, r.cy + hy + vy],
    [r.cx - hx + vx, r.cy - hy + vy],
  ];
  return orderClockwise(pts);
}

/** Orders four points clockwise starting from the top-left one (smallest x+y). */
export function orderClockwise(pts: readonly Point[]): Quad {
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const sorted = [...pts].sort((a, b) => Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx));
  let start = 0;
  let best = Infinity;
  sorted.forEach((p, i) => {
    if (p[0] + p[1] < best) {
      best = p[0] + p[1];
      start = i;
    }
  });
  const at = (k: number): Point => sorted[(start + k) % sorted.length] ?? [0, 0];
  return [at(0), at(1), at(2), at(3)];
}

/** Convex hull (monotone chain) of integer or float points. */
export function convexHull(points: readonly Point[]): Point[] {
  if (points.length < 3) return [...points];
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as Point, lower[lower.length - 1] as Point, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i] as Point;
    while (upper.length >= 2 && cross(upper[upper.length - 2] as Point, upper[upper.length - 1] as Point, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/** Minimum-area enclosing rectangle of a convex hull (rotating edges). */
export function minAreaRect(hull: readonly Point[]): RotatedRect {
  if (hull.length === 0) return { cx: 0, cy: 0, ux: 1, uy: 0, length: 0, thickness: 0 };
  let best: RotatedRect | null = null;
  let bestArea = Infinity;
  const n = hull.length;
  for (let i = 0; i < n; i++) {
    const a = hull[i] as Point;
    const b = hull[(i + 1) % n] as Point;
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const len = Math.hypot(ex, ey);
    if (len < 1e-9) continue;
    const ux = ex / len;
    const uy = ey / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const pu = p[0] * ux + p[1] * uy;
      const pv = -p[0] * uy + p[1] * ux;
      if (pu < minU) minU = pu;
      if (pu > maxU) maxU = pu;
      if (pv < minV) minV = pv;
      if (pv > maxV) maxV = pv;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const mu = (minU + maxU) / 2;
      const mv = (minV + maxV) / 2;
      best = {
        cx: mu * ux - mv * uy,
        cy: mu * uy + mv * ux,
        ux,
        uy,
        length: maxU - minU,
        thickness: maxV - minV,
      };
    }
  }
  if (!best) {
    const p = hull[0] as Point;
    return { cx: p[0], cy: p[1], ux: 1, uy: 0, length: 1, thickness: 1 };
  }
  return normaliseRect(best);
}

/** Makes `length` the long side and points u downward-right (uy >= 0, or ux > 0 when horizontal). */
export function normaliseRect(r: RotatedRect): RotatedRect {
  let { ux, uy, length, thickness } = r;
  if (thickness > length) {
    [length, thickness] = [thickness, length];
    [ux, uy] = [-uy, ux];
  }
  if (uy < 0 || (uy === 0 && ux < 0)) {
    ux = -ux;
    uy = -uy;
  }
  return { cx: r.cx, cy: r.cy, ux, uy, length, thickness };
}

/** A quad under an axis-aligned scaling (sx, sy). */
export function scaleQuad(q: Quad, sx: number, sy = sx): Quad {
  return [
    [q[0][0] * sx, q[0][1] * sy],
    [q[1][0] * sx, q[1][1] * sy],
    [q[2][0] * sx, q[2][1] * sy],
    [q[3][0] * sx, q[3][1] * sy],
  ];
}

/** A rect under an axis-aligned scaling (sx, sy): centre, axis and extents follow. */
export function scaleRect(r: RotatedRect, sx: number, sy: number): RotatedRect {
  const ux = r.ux * sx;
  const uy = r.uy * sy;
  const n = Math.hypot(ux, uy) || 1;
  return {
    cx: r.cx * sx,
    cy: r.cy * sy,
    ux: ux / n,
    uy: uy / n,
    length: r.length * n,
    thickness: r.thickness * Math.hypot(-r.uy * sx, r.ux * sy),
  };
}

/** Whether a point lies inside a rect grown by `margin` pixels on every side. */
export function rectContains(r: RotatedRect, x: number, y: number, margin = 0): boolean {
  const dx = x - r.cx;
  const dy = y - r.cy;
  const along = dx * r.ux + dy * r.uy;
  const across = -dx * r.uy + dy * r.ux;
  return Math.abs(along) <= r.length / 2 + margin && Math.abs(across) <= r.thickness / 2 + margin;
}
