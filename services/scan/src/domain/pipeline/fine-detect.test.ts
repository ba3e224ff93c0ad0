import { describe, expect, it } from 'vitest';
import { fineDetectRatio } from './analyse-shelf';

const many = (t: number, n = 100): number[] => Array.from({ length: n }, () => t);

describe('fineDetectRatio', () => {
  it('skips photos whose text is already large enough', () => {
    expect(fineDetectRatio(many(18), 1600, 4032, 3200)).toBe(0);
  });
  it('skips photos with few text lines or without spare pixels', () => {
    expect(fineDetectRatio(many(10, 20), 1600, 4032, 3200)).toBe(0);
    expect(fineDetectRatio(many(10), 640, 640, 3200)).toBe(0);
    expect(fineDetectRatio(many(10), 1600, 4032, 0)).toBe(0);
  });
  it('aims at ~32 px lines, capped by the photo and the configured maximum', () => {
    expect(fineDetectRatio(many(14), 1600, 4032, 3200) * 1600).toBeCloseTo(3200);
    expect(fineDetectRatio(many(14), 1600, 2400, 3200) * 1600).toBeCloseTo(2400);
    expect(fineDetectRatio(many(14), 1600, 4032, 2400) * 1600).toBeCloseTo(2400);
  });
});
