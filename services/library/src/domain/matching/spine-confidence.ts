import { popularityPrior } from '../catalog/search-ranking';
import { evidence, type CandidateTokens } from './text-evidence';

/** What the spine text says about one candidate book. */
export interface SpineFeatures {
  titleCoverage: number;
  mainTitleCoverage: number;
  authorCoverage: number;
  queryExplained: number;
  queryInTitle: number;
  /** Long titles are distinctive; "It" read on a spine could be anything. */
  distinctiveness: number;
  /** Lead over the best other book for this spine (negative when behind). */
  margin: number;
  ocrConfidence: number;
  upsideDown: number;
  popularity: number;
  /** Letters of spine text the book explains, / 15 (capped at 1). */
  readLetters: number;
}

/** A suggestion is made only at or above this probability of being right. */
export const SUGGEST_AT = 0.7;

/**
 * Logistic model of P(this candidate is the book on the spine), fitted on synthetic shelves
 * drawn from the goodbooks catalogue (noisy OCR, partial titles, publisher words, upside-down
 * readings, and books the catalogue does not hold) by bench/spine-calibration.ts.
 */
export const WEIGHTS: Record<keyof SpineFeatures | 'bias', number> = {
  bias: -9.57,
  titleCoverage: 2.28,
  mainTitleCoverage: 2.98,
  authorCoverage: 3.77,
  queryExplained: 2.14,
  queryInTitle: 2.87,
  distinctiveness: 2.01,
  margin: 2.11,
  // Kept at 0: on synthetic data they only learned the generator's quirks.
  ocrConfidence: 0,
  upsideDown: 0.66,
  popularity: 0,
  // Not fitted: only the floor below (MIN_READ_LETTERS) uses it.
  readLetters: 0,
};

export function textScore(f: Pick<SpineFeatures, 'titleCoverage' | 'queryExplained' | 'authorCoverage'>): number {
  return 0.55 * f.titleCoverage + 0.3 * f.queryExplained + 0.15 * f.authorCoverage;
}

export function features(
  tokens: readonly string[],
  book: CandidateTokens,
  ctx: { margin: number; ocrConfidence: number; upsideDown: boolean; ratingsCount: number; sure?: readonly number[] },
): SpineFeatures {
  const e = evidence(tokens, book, ctx.sure);
  return {
    titleCoverage: e.titleCoverage,
    mainTitleCoverage: e.mainTitleCoverage,
    authorCoverage: e.authorCoverage,
    queryExplained: e.queryExplained,
    queryInTitle: e.queryInTitle,
    distinctiveness: Math.min(1, e.titleChars / 15),
    margin: ctx.margin,
    ocrConfidence: ctx.ocrConfidence,
    upsideDown: ctx.upsideDown ? 1 : 0,
    popularity: popularityPrior(ctx.ratingsCount),
    readLetters: Math.min(1, e.explainedLetters / 15),
  };
}

/** Titles shorter than this many letters ("It", "Us") are read off spines by accident too often. */
const SHORT_TITLE = 4 / 15;
/** A suggestion needs at least this many letters of the spine's text to speak for the book ("RAY" alone does not). */
const MIN_READ_LETTERS = 4 / 15;

export function probability(f: SpineFeatures, w: Record<keyof SpineFeatures | 'bias', number> = WEIGHTS): number {
  let z = w.bias;
  for (const k of Object.keys(f) as (keyof SpineFeatures)[]) z += w[k] * f[k];
  const p = 1 / (1 + Math.exp(-z));
  if (f.readLetters < MIN_READ_LETTERS) return Math.min(p, 0.5);
  // The synthetic shelves hardly hold such titles, so the fit cannot know: a short title alone
  // never makes a suggestion; with its author on the spine it may.
  return f.distinctiveness < SHORT_TITLE && f.authorCoverage < 0.7 ? Math.min(p, 0.5) : p;
}
