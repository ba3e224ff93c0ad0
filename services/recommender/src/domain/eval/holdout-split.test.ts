import { describe, expect, it } from 'vitest';
import type { Interaction } from '../models/interaction-matrix';
import { holdoutSplit } from './holdout-split';

/** 30 users with 1..30 interactions each. */
function sample(): Interaction[] {
  const out: Interaction[] = [];
  for (let u = 1; u <= 30; u++) for (let i = 0; i < u; i++) out.push({ userId: `u${u}`, itemId: `b${(i * 7) % 97}`, weight: 1 });
  return out;
}

const key = (x: Interaction): string => `${x.userId}|${x.itemId}`;
const options = { testFraction: 0.2, seed: 42, minPerUser: 5 };

describe('holdoutSplit', () => {
  it('is deterministic for a seed and independent of input order', () => {
    const a = holdoutSplit(sample(), options);
    const b = holdoutSplit(sample().reverse(), options);
    expect(new Set(a.test.map(key))).toEqual(new Set(b.test.map(key)));
    expect(new Set(a.train.map(key))).toEqual(new Set(b.train.map(key)));
  });

  it('changes with the seed', () => {
    const a = holdoutSplit(sample(), options);
    const c = holdoutSplit(sample(), { ...options, seed: 43 });
    expect(new Set(a.test.map(key))).not.toEqual(new Set(c.test.map(key)));
  });

  it('is disjoint, complete for kept users, and holds out round(20%) per user', () => {
    const { train, test } = holdoutSplit(sample(), options);
    const trainKeys = new Set(train.map(key));
    expect(test.some((x) => trainKeys.has(key(x)))).toBe(false);
    const kept = sample().filter((x) => Number(x.userId.slice(1)) >= 5);
    expect(train.length + test.length).toBe(kept.length);
    for (let u = 5; u <= 30; u++) {
      const held = test.filter((x) => x.userId === `u${u}`).length;
      expect(held).toBe(Math.max(1, Math.round(0.2 * u)));
    }
    expect(train.some((x) => x.userId === 'u4')).toBe(false);
  });
});
