import { assignBooks, findTruthBook, type Catalog } from './catalog';
import type { Proposal } from './library-matcher';
import { coverageGlued, normalise, tokens } from './text-similarity';
import type { TruthBook } from './truth';

export interface PhotoScore {
  readonly spinesFound: number;
  readonly spinesVisible: number;
  readonly legible: number;
  readonly read: number;
  readonly inCatalog: number;
  readonly matched: number;
  readonly wrong: number;
  /** Proposals of books visible in the photo but outside the counted truth (not scored). */
  readonly uncounted: number;
  readonly details: string[];
}

/** Fraction of the truth title's tokens found in a spine reading (glued words allowed). */
export function titleRead(title: string, spineText: string): number {
  return coverageGlued(tokens(title), tokens(spineText), normalise(spineText).replace(/ /g, ''));
}

/** The bench's own in-memory matcher (token/idf overlap, greedy): a yardstick for the library's. */
export function standInProposals(cat: Catalog, spineTexts: readonly string[], matchThreshold: number): Proposal[] {
  return assignBooks(cat, spineTexts, matchThreshold).map((a) => ({ spine: a.spine, goodreadsId: a.book.goodreadsId, title: a.book.title, confidence: a.score }));
}

/**
 * Scores one photo: truth titles read (greedy one-to-one, >= half the title tokens), and the
 * matcher's suggestions: right books proposed (recall over truth books the catalogue holds)
 * and wrong first choices (any proposed book that is not on the photo's truth list).
 */
export function scorePhoto(
  cat: Catalog,
  spineTexts: readonly string[],
  truth: readonly TruthBook[],
  spinesVisible: number,
  assigned: readonly Proposal[],
  alsoVisible: readonly string[] = [],
): PhotoScore {
  const pairs: { t: number; s: number; v: number }[] = [];
  truth.forEach((b, t) => {
    spineTexts.forEach((text, s) => {
      const v = titleRead(b.title, text);
      if (v >= 0.5) pairs.push({ t, s, v });
    });
  });
  pairs.sort((a, b) => b.v - a.v);
  const usedT = new Set<number>();
  const usedS = new Set<number>();
  const readOn = new Map<number, number>();
  for (const p of pairs) {
    if (usedT.has(p.t) || usedS.has(p.s)) continue;
    usedT.add(p.t);
    usedS.add(p.s);
    readOn.set(p.t, p.s);
  }
  // Synthetic shelves know their books exactly; real truth is looked up by title and author.
  const byGoodreadsId = new Map(cat.books.map((b) => [b.goodreadsId, b]));
  const truthBooks = truth.map((b) => (b.goodreadsId !== undefined ? (byGoodreadsId.get(b.goodreadsId) ?? null) : findTruthBook(cat, b.title, b.author)));
  const truthIds = new Set(truthBooks.filter((b) => b !== null).map((b) => b.goodreadsId));
  const proposed = new Set(assigned.map((a) => a.goodreadsId));
  const visibleElsewhere = (title: string) => alsoVisible.some((v) => titleRead(v, title) >= 0.99 && titleRead(title, v) >= 0.99);
  const verdict = (a: Proposal) => (truthIds.has(a.goodreadsId) ? 'OK   ' : visibleElsewhere(a.title) ? 'SEEN ' : 'WRONG');
  let matched = 0;
  for (const id of truthIds) if (proposed.has(id)) matched++;
  const details: string[] = [];
  for (const a of assigned) {
    details.push(`${verdict(a)} ${a.confidence.toFixed(2)} "${spineTexts[a.spine] ?? ''}" -> ${a.title}`);
  }
  truth.forEach((b, t) => {
    if (!readOn.has(t)) details.push(`UNREAD ${b.title}${b.author ? ` (${b.author})` : ''}, #${b.order}`);
  });
  truth.forEach((b, t) => {
    const cb = truthBooks[t];
    if (cb && !proposed.has(cb.goodreadsId)) {
      const s = readOn.get(t);
      details.push(`MISS  ${b.title}${s !== undefined ? ` (read: "${spineTexts[s] ?? ''}")` : ''} [catalogue: ${cb.title}]`);
    }
  });
  return {
    spinesFound: spineTexts.length,
    spinesVisible,
    legible: truth.length,
    read: usedT.size,
    inCatalog: truthIds.size,
    matched,
    wrong: assigned.filter((a) => verdict(a) === 'WRONG').length,
    uncounted: assigned.filter((a) => verdict(a) === 'SEEN ').length,
    details,
  };
}
