import { describe, expect, it } from 'vitest';
import { keyBetween } from './order-key';

describe('keyBetween', () => {
  it('always finds a key strictly between two neighbours', () => {
    expect(keyBetween(null, null)).toBe('i');
    const keys = [keyBetween(null, null)];
    // Append, prepend and insert in the middle many times; the order must hold throughout.
    for (let i = 0; i < 300; i++) {
      const at = i % 3 === 0 ? keys.length : i % 3 === 1 ? 0 : Math.floor(keys.length / 2);
      const k = keyBetween(keys[at - 1] ?? null, keys[at] ?? null);
      if (keys[at - 1] !== undefined) expect(k > keys[at - 1]!).toBe(true);
      if (keys[at] !== undefined) expect(k < keys[at]!).toBe(true);
      keys.splice(at, 0, k);
    }
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps inserting at the same spot (keys grow, order holds)', () => {
    let lo = keyBetween(null, null);
    const hi = keyBetween(lo, null);
    for (let i = 0; i < 200; i++) {
      const k = keyBetween(lo, hi);
      expect(lo < k && k < hi).toBe(true);
      lo = k;
    }
  });

  it('refuses keys out of order', () => {
    expect(() => keyBetween('b', 'a')).toThrow();
    expect(() => keyBetween('a0', null)).toThrow();
  });
});
