import { describe, expect, it } from 'vitest';
import { convexHull, minAreaRect, rectCorners, type Point } from './geometry';

describe('minAreaRect', () => {
  it('recovers a rotated rectangle from its corners', () => {
    const angle = (20 * Math.PI) / 180;
    const r = { cx: 50, cy: 40, ux: Math.sin(angle), uy: Math.cos(angle), length: 60, thickness: 10 };
    const hull = convexHull([...rectCorners(r)]);
    const m = minAreaRect(hull);
    expect(m.length).toBeCloseTo(60, 3);
    expect(m.thickness).toBeCloseTo(10, 3);
    expect(m.cx).toBeCloseTo(50, 3);
    expect(m.cy).toBeCloseTo(40, 3);
    expect(Math.abs(m.ux * r.ux + m.uy * r.uy)).toBeCloseTo(1, 5);
  });

  it('orders corners clockwise from the top-left', () => {
    const pts: Point[] = [
      [0, 0],
      [10, 0],
      [10, 30],
      [0, 30],
    ];
    const c = rectCorners(minAreaRect(convexHull(pts)));
    expect(c.map((p) => p.map((v) => Math.round(v)))).toEqual([
      [0, 0],
      [10, 0],
      [10, 30],
      [0, 30],
    ]);
  });
});
