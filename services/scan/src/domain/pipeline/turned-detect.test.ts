import { describe, expect, it } from 'vitest';
import type { RotatedRect } from './geometry';
import { mergeOrientations, turnClockwise, unturnRect, type TextBox } from './text-detect';

const box = (cx: number, cy: number, vertical: boolean, length = 40, thickness = 8): TextBox => ({
  rect: { cx, cy, ux: vertical ? 0 : 1, uy: vertical ? 1 : 0, length, thickness },
  score: 0.9,
});

describe('detection on the turned photo', () => {
  it('turns pixels clockwise: (x, y) goes to (height - 1 - y, x)', () => {
    // 3 x 2 image whose red channel numbers the pixels 0..5 row by row.
    const data = new Uint8Array(3 * 2 * 3);
    for (let i = 0; i < 6; i++) data[i * 3] = i;
    const t = turnClockwise({ width: 3, height: 2, data });
    expect([t.width, t.height]).toEqual([2, 3]);
    const red = (x: number, y: number) => t.data[(y * t.width + x) * 3];
    // Original (x=2, y=0) = 2 lands at (2 - 1 - 0, 2) = (1, 2); (x=0, y=1) = 3 lands at (0, 0).
    expect(red(1, 2)).toBe(2);
    expect(red(0, 0)).toBe(3);
    expect(red(1, 0)).toBe(0);
  });

  it('maps a line found on the turned image back to where it stands in the photo', () => {
    // A vertical title at (30, 100) in a 200-high photo is a horizontal line at (99, 30) once turned.
    const onTurned: RotatedRect = { cx: 200 - 1 - 100, cy: 30, ux: 1, uy: 0, length: 120, thickness: 14 };
    const back = unturnRect(onTurned, 200);
    expect(back.cx).toBeCloseTo(30);
    expect(back.cy).toBeCloseTo(100);
    expect(Math.abs(back.uy)).toBeCloseTo(1);
    expect([back.length, back.thickness]).toEqual([120, 14]);
  });

  it('keeps vertical lines of the turned pass, horizontal ones of the upright pass, and each line once', () => {
    const upright = [box(50, 50, true, 120), box(300, 40, false), box(500, 60, true)];
    const turned = [box(48, 30, true), box(52, 80, true), box(302, 41, false)];
    const merged = mergeOrientations(upright, turned);
    // The turned pass split the upright pass's long vertical box into title and author.
    expect(merged.filter((b) => Math.abs(b.rect.cx - 50) < 5)).toHaveLength(2);
    // The flat book's line is found by both: kept once, from the upright pass.
    expect(merged.filter((b) => Math.abs(b.rect.cx - 300) < 5)).toEqual([upright[1]]);
    // A line only the upright pass saw is not lost.
    expect(merged).toContainEqual(upright[2]);
    expect(merged).toHaveLength(4);
  });
});
