import { contentTokens, foldText, tokenSimilarity } from '../text/normalise';
import type { CandidateText } from './text-evidence';

/** What a listing (an import row) says about a book. */
export interface Listing {
  title: string;
  subtitle: string | null;
  authors: string[];
}

/** Above this, and clearly ahead of the runner-up, an import row is matched without asking. */
export const ACCEPT_CONFIDENCE = 0.85;
export const ACCEPT_MARGIN = 0.08;

function tokens(s: string): string[] {
  const t = contentTokens(s);
  return t.length ? t : foldText(s).split(' ').filter(Boolean);
}

function coverage(needles: string[], hay: string[]): number {
  if (needles.length === 0) return 0;
  let sum = 0;
  for (const n of needles) {
    let best = 0;
    for (const h of hay) best = Math.max(best, tokenSimilarity(n, h));
    sum += best >= 0.6 ? best : 0;
  }
  return sum / needles.length;
}

function f1(a: string[], b: string[]): number {
  const r = coverage(a, b);
  const p = coverage(b, a);
  return r + p === 0 ? 0 : (2 * r * p) / (r + p);
}

function surname(author: string): string | null {
  const t = contentTokens(author);
  return t[t.length - 1] ?? null;
}

/** 1 when the listing's first author is among the book's (by surname, typo-tolerant); 0.5 when unknown. */
export function authorAgreement(listing: string[], book: string[]): number {
  const s = listing[0] ? surname(listing[0]) : null;
  if (!s) return 0.5;
  const names = book.slice(0, 5).map(surname).filter((x): x is string => !!x);
  if (names.length === 0) return 0.5;
  let best = 0;
  for (const n of names) best = Math.max(best, tokenSimilarity(s, n));
  return best >= 0.75 ? best : 0;
}

/**
 * How sure we are that a listing names this catalogue book, 0..1: title agreement both ways
 * (so "The Hobbit" is not "The Hobbit: Graphic Novel"), scaled by author agreement.
 */
export function listingConfidence(l: Listing, c: CandidateText): number {
  const full = f1(tokens([l.title, l.subtitle].filter(Boolean).join(' ')), tokens([c.title, c.subtitle].filter(Boolean).join(' ')));
  const main = f1(tokens(l.title), tokens(c.title));
  // A subtitle one side leaves out costs a little, not the match.
  const title = Math.max(full, main * (l.subtitle || c.subtitle ? 0.93 : 1));
  const author = authorAgreement(l.authors, c.authors);
  return Math.round(title * (0.55 + 0.45 * author) * 1000) / 1000;
}

export interface Scored<T> {
  item: T;
  confidence: number;
}

/**
 * The confident pick among scored candidates, if any: above the threshold and ahead of the next
 * different book. Candidates with the same title and authors are editions of one work — no ambiguity.
 */
export function confidentPick<T extends CandidateText>(scored: Scored<T>[]): Scored<T> | null {
  const [best, ...rest] = [...scored].sort((a, b) => b.confidence - a.confidence);
  if (!best || best.confidence < ACCEPT_CONFIDENCE) return null;
  const key = (c: CandidateText) => `${foldText(c.title)}|${foldText(c.authors[0] ?? '')}`;
  const rival = rest.find((r) => key(r.item) !== key(best.item));
  if (rival && best.confidence - rival.confidence < ACCEPT_MARGIN) return null;
  return best;
}
