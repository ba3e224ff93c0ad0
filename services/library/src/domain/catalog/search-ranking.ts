import { evidence, tokensOf, type CandidateText } from '../matching/text-evidence';
import { foldText } from '../text/normalise';

export interface Rankable extends CandidateText {
  id: string;
  ratingsCount: number;
}

/** Below this a result is noise: a shared common word, not the book asked for. */
export const MIN_SEARCH_SCORE = 0.3;

/** 0..~1 from ratings: a tie-breaker between equally good text matches, never more. */
export function popularityPrior(ratingsCount: number): number {
  return Math.min(1, Math.log10(1 + Math.max(0, ratingsCount)) / 7);
}

/**
 * Relevance of a book to a search: mostly how much of its title the query covers and how much
 * of the query the book explains (title, series or authors), plus a little popularity.
 */
export function searchScore(query: readonly string[], b: Rankable, folded = query.join(' ')): number {
  const e = evidence(query, tokensOf(b.id, b));
  // Typing a title exactly ("Plague", not "The Plague") should find exactly that title.
  const exact = folded === foldText(b.title) || (b.subtitle !== null && folded === foldText(`${b.title} ${b.subtitle}`)) ? 0.05 : 0;
  const score = 0.55 * e.titleCoverage + 0.3 * e.queryExplained + 0.07 * e.authorCoverage + 0.08 * popularityPrior(b.ratingsCount) + exact;
  return Math.round(score * 1e6) / 1e6;
}

export function rank<T extends Rankable>(query: readonly string[], books: readonly T[], folded?: string): { book: T; score: number }[] {
  return books
    .map((book) => ({ book, score: searchScore(query, book, folded) }))
    .filter((r) => r.score >= MIN_SEARCH_SCORE)
    .sort((a, b) => b.score - a.score || (a.book.id < b.book.id ? -1 : 1));
}
