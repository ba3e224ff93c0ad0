import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode } from './ctc-decode';

/** One-hot-ish softmax rows: `p` on the chosen class, the rest spread evenly. */
function tensor(path: readonly number[], classes: number, p = 0.9): Float32Array {
  const out = new Float32Array(path.length * classes).fill((1 - p) / (classes - 1));
  path.forEach((c, t) => {
    out[t * classes + c] = p;
  });
  return out;
}

describe('ctcGreedyDecode', () => {
  const charset = ['', 'a', 'b', 'c', ' '];

  it('collapses repeats and drops blanks', () => {
    // a a _ a b b _ _ c  ->  "aabc"
    const probs = tensor([1, 1, 0, 1, 2, 2, 0, 0, 3], charset.length);
    const r = ctcGreedyDecode(probs, 9, charset.length, charset);
    expect(r.text).toBe('aabc');
    expect(r.confidence).toBeCloseTo(0.9, 5);
  });

  it('reads a batch entry at an offset and returns empty text for all blanks', () => {
    const first = tensor([0, 0, 0], charset.length);
    const second = tensor([3, 4, 1], charset.length, 0.6);
    const both = new Float32Array(first.length + second.length);
    both.set(first, 0);
    both.set(second, first.length);
    expect(ctcGreedyDecode(both, 3, charset.length, charset, 0)).toEqual({ text: '', confidence: 0 });
    const r = ctcGreedyDecode(both, 3, charset.length, charset, first.length);
    expect(r.text).toBe('c a');
    expect(r.confidence).toBeCloseTo(0.6, 5);
  });
});
