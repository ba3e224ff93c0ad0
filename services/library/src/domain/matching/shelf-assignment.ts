import { textDice } from './spine-text';

export interface SpineCandidates {
  id: string;
  text: string;
  candidates: { bookId: string; confidence: number }[];
}

/** Two spines reading (nearly) the same text may be two copies of one book. */
export const SAME_TEXT = 0.85;

/**
 * Solves the whole shelf at once: the most confident (spine, book) pairs are fixed first, a book
 * taken by one spine is not suggested for another unless both spines read the same text, and no
 * pair below the threshold is suggested at all.
 */
export function assignShelf(spines: SpineCandidates[], threshold: number): Map<string, string | null> {
  const edges = spines
    .flatMap((s) => s.candidates.filter((c) => c.confidence >= threshold).map((c) => ({ spine: s, ...c })))
    .sort((a, b) => b.confidence - a.confidence || (a.spine.id < b.spine.id ? -1 : 1));
  const result = new Map<string, string | null>(spines.map((s) => [s.id, null]));
  const holders = new Map<string, SpineCandidates[]>();
  for (const e of edges) {
    if (result.get(e.spine.id)) continue;
    const held = holders.get(e.bookId) ?? [];
    if (held.length > 0 && !held.every((h) => textDice(h.text, e.spine.text) >= SAME_TEXT)) continue;
    result.set(e.spine.id, e.bookId);
    holders.set(e.bookId, [...held, e.spine]);
  }
  return result;
}
