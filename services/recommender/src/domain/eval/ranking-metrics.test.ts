import { describe, expect, it } from 'vitest';
import {
  RankingMetricsAccumulator,
  hitRateAt,
  ndcgAt,
  plainRecallAt,
  precisionAt,
  recallAt,
} from './ranking-metrics';

describe('ranking metrics on a hand-computed example', () => {
  // Hits at ranks 1 and 3 of 10; three relevant items (one never retrieved).
  const ranked = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const relevant = new Set([10, 12, 99]);

  it('NDCG@10 = (1 + 1/log2 4) / (1 + 1/log2 3 + 1/log2 4)', () => {
    expect(ndcgAt(ranked, relevant, 10)).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3) + 0.5), 12);
  });

  it('recall uses min(k, |relevant|) in the denominator; plain recall uses |relevant|', () => {
    expect(recallAt(ranked, relevant, 20)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(ranked, relevant, 2)).toBeCloseTo(1 / 2, 12);
    expect(plainRecallAt(ranked, relevant, 2)).toBeCloseTo(1 / 3, 12);
  });

  it('precision and hit rate', () => {
    expect(precisionAt(ranked, relevant, 10)).toBeCloseTo(0.2, 12);
    expect(hitRateAt(ranked, relevant, 10)).toBe(1);
    expect(hitRateAt(ranked.slice(1), relevant, 1)).toBe(0);
  });

  it('averages over users and measures top-10 coverage of the catalogue', () => {
    const acc = new RankingMetricsAccumulator(40);
    acc.add(ranked, relevant);
    acc.add([20, 21], new Set([21]));
    const s = acc.summary();
    expect(s.users).toBe(2);
    expect(s.hitRate10).toBe(1);
    expect(s.ndcg10).toBeCloseTo((1.5 / (1 + 1 / Math.log2(3) + 0.5) + 1 / Math.log2(3)) / 2, 12);
    expect(s.coverage10).toBeCloseTo(12 / 40, 12);
  });
});
