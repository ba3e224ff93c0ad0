export interface DecodedText {
  readonly text: string;
  /** Mean probability of the emitted characters (0 when none). */
  readonly confidence: number;
}

/**
 * Greedy CTC decode of one sequence: argmax per time step, collapse repeats, drop blanks (index 0).
 * `probs` holds `steps * classes` softmax outputs starting at `offset`.
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  charset: readonly string[],
  offset = 0,
): DecodedText {
  let text = '';
  let sum = 0;
  let count = 0;
  let prev = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base] ?? 0;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c] ?? 0;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) {
      text += charset[best] ?? '';
      sum += bestP;
      count++;
    }
    prev = best;
  }
  return { text, confidence: count === 0 ? 0 : sum / count };
}
