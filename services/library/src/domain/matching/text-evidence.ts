import { contentTokens, foldText, isStopWord, tokenSimilarity } from '../text/normalise';
import { isSpineBoilerplate } from './spine-boilerplate';

/** What a query or a spine is compared against. */
export interface CandidateText {
  title: string;
  subtitle: string | null;
  series: string | null;
  authors: string[];
}

/** How well a bag of query tokens covers a book's title and authors, 0..1 each. */
export interface Evidence {
  /** Main-title tokens found in the query (subtitle tokens count for a third). */
  titleCoverage: number;
  /** Main-title tokens found, ignoring the subtitle. */
  mainTitleCoverage: number;
  /** Best author: surname found (0.7) plus the rest of the name. */
  authorCoverage: number;
  /** Query tokens explained by the title, subtitle, series or authors. */
  queryExplained: number;
  /** Query tokens explained by the title or subtitle alone. */
  queryInTitle: number;
  /** Main-title content tokens: one-word titles are weaker evidence than five-word ones. */
  titleTokens: number;
  /** Characters of the main title's content tokens. */
  titleChars: number;
  /** Letters of the query tokens the book explains: how much of the spine's text speaks for it. */
  explainedLetters: number;
}

const MATCH = 0.6;

function titleTokensOf(s: string): string[] {
  const t = contentTokens(s);
  // Titles made only of stop words ("It", "The The") still need something to match.
  return t.length ? t : foldText(s).split(' ').filter(Boolean);
}

/** Best similarity of `token` to any of `pool`, also accepting OCR-glued words ("sorcerersstone"). */
function bestMatch(token: string, pool: readonly string[]): number {
  let best = 0;
  for (const p of pool) {
    let s = tokenSimilarity(token, p);
    // One letter off in a word of four letters or fewer is another word ("sing" is not "king"),
    // unless the spine's edge cut it off ("MIL" for "mill").
    if (s < 1 && Math.max(token.length, p.length) <= 4 && !p.startsWith(token) && !token.startsWith(p)) s = 0;
    if (s < MATCH && token.length >= 4 && p.length >= 7 && p.includes(token)) s = 0.85;
    if (s > best) best = s;
    if (best === 1) break;
  }
  return best >= MATCH ? best : 0;
}

/** A glued piece this close to a long word of the book is that word misread ("ARRYPOTTER"). */
const FUZZY_PIECE = 0.75;
const FUZZY_MIN_LENGTH = 5;

/**
 * Cheap test before an edit distance: the piece token[i, end) starts or ends like `w`, allowing
 * one letter dropped or added there (a misread word keeps at least one of its ends).
 */
function endsAlike(token: string, i: number, end: number, w: string): boolean {
  const a = token[i];
  const z = token[end - 1];
  const wa = w[0];
  const wz = w[w.length - 1];
  return a === wa || a === w[1] || token[i + 1] === wa || z === wz || z === w[w.length - 2] || token[end - 2] === wz;
}

/**
 * OCR glues neighbouring words ("PARTFOREST", "IMIN", "ARRYPOTTER"): splits a query token into
 * words of `pool` and stop words when they cover it; null when they do not. Words of five letters
 * or more may be misread by a letter or two; shorter ones must be exact.
 */
function splitGlued(token: string, pool: readonly string[]): string[] | null {
  if (token.length < 4) return null;
  const n = token.length;
  const back = new Array<number>(n + 1).fill(-1);
  back[0] = 0;
  for (let i = 0; i < n; i++) {
    if (back[i] === -1) continue;
    for (const w of pool) {
      if (w.length < 2) continue;
      if (token.startsWith(w, i)) {
        if (back[i + w.length] === -1) back[i + w.length] = i;
        continue;
      }
      if (w.length < FUZZY_MIN_LENGTH) continue;
      for (let len = w.length - 1; len <= w.length + 1; len++) {
        const end = i + len;
        if (end > n || back[end] !== -1) continue;
        if (!endsAlike(token, i, end, w)) continue;
        if (tokenSimilarity(token.slice(i, end), w) >= FUZZY_PIECE) back[end] = i;
      }
    }
    for (let j = i + 1; j <= Math.min(n, i + 4); j++) if (back[j] === -1 && isStopWord(token.slice(i, j))) back[j] = i;
  }
  if (back[n] === -1) return null;
  const parts: string[] = [];
  for (let j = n; j > 0; j = back[j]!) parts.push(token.slice(back[j]!, j));
  // Stop words alone ("anthe") explain nothing.
  return parts.length >= 2 && parts.some((p) => !isStopWord(p)) ? parts.reverse() : null;
}

/**
 * What OCR makes of stickers, prices and logos on a spine: a short token with a digit in it
 * ("MA5", "015", "BOO8"), or a lone character of another script among Latin words (a logo read
 * as "日"). Like boilerplate, it says nothing against a book that does not explain it.
 */
function isStickerScrap(token: string, latinReading: boolean): boolean {
  if (token.length <= 4 && /\p{N}/u.test(token)) return true;
  return latinReading && token.length === 1 && !/\p{Script=Latin}/u.test(token);
}

/** A glued token explained by the book's words counts a little less than words read apart. */
const GLUED = 0.85;

/** How much a query token weighs in "how much of the spine is explained": OCR fragments weigh less. */
function queryWeight(token: string): number {
  return token.length <= 2 ? 0.3 : token.length === 3 ? 0.6 : 1;
}

/** How one query token stands against a book's words: its best match, and its split if glued. */
interface TokenEvidence {
  readonly match: number;
  readonly split: string[] | null;
}

function tokenEvidence(query: readonly string[], hay: readonly string[]): TokenEvidence[] {
  return query.map((q) => ({ match: bestMatch(q, hay), split: splitGlued(q, hay) }));
}

/** How well the book explains a token: matched directly, or as glued words of the book. */
function explainedBy(e: TokenEvidence): number {
  return Math.max(e.match, e.split ? GLUED : 0);
}

/**
 * Share of the query the book explains, counting each token by its weight. Spine boilerplate
 * (publishers, badges) that the book does not explain is left out rather than counted against it.
 * `sure` (per token, 0..1) is how sure the OCR was of the line the token was read on: what it
 * was unsure of weighs less, whether the book explains it or not.
 */
function explained(query: readonly string[], per: readonly TokenEvidence[], sure?: readonly number[]): number {
  let sum = 0;
  let total = 0;
  const latin = query.some((q) => /\p{Script=Latin}{3}/u.test(q));
  for (const [k, q] of query.entries()) {
    const s = explainedBy(per[k]!);
    if (s === 0 && (isSpineBoilerplate(q) || isStickerScrap(q, latin))) continue;
    const w = queryWeight(q) * (sure?.[k] ?? 1);
    sum += w * s;
    total += w;
  }
  return total === 0 ? 0 : sum / total;
}

function coverage(needles: readonly string[], hay: readonly string[]): number {
  if (needles.length === 0) return 0;
  let sum = 0;
  for (const n of needles) sum += bestMatch(n, hay);
  return sum / needles.length;
}

// The first-named author is the book's author; later names are often illustrators or editors.
const AUTHOR_POSITION = [1, 0.85, 0.7];

function authorCoverage(query: readonly string[], authorNames: readonly string[][]): number {
  let best = 0;
  for (const [i, names] of authorNames.slice(0, 3).entries()) {
    const surname = names[names.length - 1];
    if (!surname) continue;
    const s = bestMatch(surname, query);
    const rest = names.slice(0, -1);
    const restCov = rest.length ? coverage(rest, query) : s;
    best = Math.max(best, (0.7 * s + 0.3 * restCov) * AUTHOR_POSITION[i]!);
  }
  return best;
}

export function queryTokens(text: string): string[] {
  const t = contentTokens(text);
  return t.length ? t : foldText(text).split(' ').filter(Boolean);
}

/** A candidate's tokens, computed once per book (tokenising dominates the cost of scoring). */
export interface CandidateTokens {
  main: string[];
  sub: string[];
  series: string[];
  authorNames: string[][];
  authorTokens: string[];
}

export function tokenize(c: CandidateText): CandidateTokens {
  const authorNames = c.authors.slice(0, 5).map((a) => contentTokens(a));
  return {
    main: titleTokensOf(c.title),
    sub: c.subtitle ? contentTokens(c.subtitle) : [],
    series: c.series ? contentTokens(c.series) : [],
    authorNames,
    authorTokens: authorNames.flat(),
  };
}

const cache = new Map<string, { key: string; tokens: CandidateTokens }>();
const CACHE_MAX = 50_000;

/** tokenize() memoised by book id (the key guards against a book whose text changed). */
export function tokensOf(id: string, c: CandidateText): CandidateTokens {
  const key = `${c.title}\u0000${c.subtitle ?? ''}\u0000${c.series ?? ''}\u0000${c.authors.join('\u0000')}`;
  const hit = cache.get(id);
  if (hit && hit.key === key) return hit.tokens;
  if (cache.size >= CACHE_MAX) cache.clear();
  const tokens = tokenize(c);
  cache.set(id, { key, tokens });
  return tokens;
}

/** `sure`, when given, weighs each query token by the OCR's certainty of its line (see `explained`). */
export function evidence(rawQuery: readonly string[], c: CandidateText | CandidateTokens, sure?: readonly number[]): Evidence {
  const t = 'main' in c ? c : tokenize(c);
  const titleHay = [...t.main, ...t.sub];
  const allHay = [...titleHay, ...t.series, ...t.authorTokens];
  // Each token against all the book's words, once: the splitting below and two features need it.
  const onBook = tokenEvidence(rawQuery, allHay);
  // Glued words are split where the book's own words explain them, so its title can be found.
  const query = rawQuery.flatMap((q, k) => (onBook[k]!.match > 0 ? [q] : (onBook[k]!.split ?? [q])));
  const mainCov = coverage(t.main, query);
  const subCov = t.sub.length ? coverage(t.sub, query) : 0;
  const subWeight = t.sub.length ? Math.min(1, t.sub.length / Math.max(1, t.main.length)) / 3 : 0;
  const titleCoverage = (mainCov + subWeight * subCov) / (1 + subWeight);
  return {
    titleCoverage,
    mainTitleCoverage: mainCov,
    authorCoverage: authorCoverage(query, t.authorNames),
    queryExplained: explained(rawQuery, onBook, sure),
    queryInTitle: explained(rawQuery, tokenEvidence(rawQuery, titleHay), sure),
    titleTokens: t.main.length,
    titleChars: t.main.join('').length,
    explainedLetters: rawQuery.reduce((n, q, k) => n + (explainedBy(onBook[k]!) > 0 ? q.length : 0), 0),
  };
}
