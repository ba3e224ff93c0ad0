import { readFile } from 'node:fs/promises';
import { parseCsv } from './csv';
import { coverage, coverageGlued, normalise, STOP_WORDS, tokenMatches, tokens } from './text-similarity';

export interface CatalogBook {
  readonly id: number;
  readonly goodreadsId: number;
  readonly title: string;
  readonly authors: string;
  /** Title variants (series part removed, original title) as token lists. */
  readonly titleTokens: readonly (readonly string[])[];
  readonly authorTokens: readonly string[];
}

export interface Catalog {
  readonly books: readonly CatalogBook[];
  readonly byToken: ReadonlyMap<string, readonly number[]>;
  readonly idf: ReadonlyMap<string, number>;
  /** Single-deletion variants of every token of 5+ characters -> the tokens (for 1-edit lookups). */
  readonly deletions: ReadonlyMap<string, readonly string[]>;
}

const SHORT_WORDS: ReadonlySet<string> = new Set(['my', 'me', 'we', 'he', 'it', 'be', 'no', 'up', 'us', 'so', 'go', 'do', 'if', 'as', 'am', 'all', 'you', 'her', 'his', 'our', 'one', 'two', 'new', 'war', 'day', 'boy', 'man', 'sun', 'red', 'out', 'off', 'not', 'who', 'how', 'why', 'way', 'end', 'old', 'big', 'bad', 'god', 'own']);

function deletionsOf(t: string): string[] {
  const out = [t];
  for (let i = 0; i < t.length; i++) out.push(t.slice(0, i) + t.slice(i + 1));
  return out;
}

export async function loadCatalog(file: string): Promise<Catalog> {
  const rows = parseCsv(await readFile(file, 'utf8'));
  const header = rows[0] ?? [];
  const col = (name: string): number => header.indexOf(name);
  const [cId, cGr, cTitle, cOrig, cAuth] = [col('book_id'), col('goodreads_book_id'), col('title'), col('original_title'), col('authors')];
  const books: CatalogBook[] = [];
  for (const r of rows.slice(1)) {
    const id = Number(r[cId] ?? '');
    if (!Number.isFinite(id) || id <= 0) continue;
    const title = r[cTitle] ?? '';
    const orig = r[cOrig] ?? '';
    const authors = r[cAuth] ?? '';
    const main = title.replace(/\s*\([^)]*\)\s*$/, '');
    // Spines carry the main title: "The Boys in the Boat", not its subtitle.
    const variants = [main, orig, main.split(':')[0] ?? '', orig.split(':')[0] ?? ''].map(tokens).filter((t) => t.length > 0);
    books.push({ id, goodreadsId: Number(r[cGr] ?? ''), title, authors, titleTokens: variants, authorTokens: tokens(authors) });
  }
  const df = new Map<string, number>();
  const byToken = new Map<string, number[]>();
  books.forEach((b, i) => {
    const all = new Set([...b.titleTokens.flat(), ...b.authorTokens]);
    for (const t of all) {
      df.set(t, (df.get(t) ?? 0) + 1);
      const list = byToken.get(t) ?? [];
      list.push(i);
      byToken.set(t, list);
    }
  });
  const idf = new Map<string, number>();
  for (const [t, n] of df) idf.set(t, Math.log(1 + books.length / n));
  const deletions = new Map<string, string[]>();
  for (const t of df.keys()) {
    if (t.length < 5) continue;
    for (const d of new Set(deletionsOf(t))) {
      const list = deletions.get(d) ?? [];
      list.push(t);
      deletions.set(d, list);
    }
  }
  return { books, byToken, idf, deletions };
}

/** Catalogue tokens one edit away from an unknown spine token (OCR misspellings: "eeragon"). */
function corrections(cat: Catalog, t: string): string[] {
  if (t.length < 5) return [];
  const found = new Set<string>();
  for (const d of deletionsOf(t)) for (const c of cat.deletions.get(d) ?? []) if (tokenMatches(t, c)) found.add(c);
  return [...found];
}

/**
 * Splits a token OCR glued together ("thegirlbeforejpdelaney") into catalogue words, when words of
 * 4+ letters (or short function words) cover at least 75% of it. Returns [] when it does not split well.
 */
function segment(cat: Catalog, t: string): string[] {
  if (t.length < 5 || !/^[a-z]+$/.test(t)) return [];
  const n = t.length;
  // best[i]: most characters of t[0, i) covered by words; gaps cost nothing but cover nothing.
  const best = new Array<number>(n + 1).fill(-1);
  const back = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    const here = best[i] ?? -1;
    if (here < 0) continue;
    if (here > (best[i + 1] ?? -1)) {
      best[i + 1] = here;
      back[i + 1] = -(i + 1);
    }
    for (let j = i + 2; j <= Math.min(n, i + 16); j++) {
      const w = t.slice(i, j);
      const isWord = (w.length >= 4 && cat.byToken.has(w)) || STOP_WORDS.has(w) || SHORT_WORDS.has(w);
      if (isWord && here + w.length > (best[j] ?? -1)) {
        best[j] = here + w.length;
        back[j] = i;
      }
    }
  }
  if ((best[n] ?? 0) < 0.75 * n) return [];
  const words: string[] = [];
  for (let j = n; j > 0; ) {
    const b = back[j] ?? -1;
    if (b < 0) {
      j = -b - 1;
      continue;
    }
    words.push(t.slice(b, j));
    j = b;
  }
  const content = words.reverse().filter((w) => !STOP_WORDS.has(w));
  return words.length >= 2 ? content : [];
}

/**
 * Spine tokens for scoring (glued words split into catalogue words) and the catalogue tokens to look
 * candidates up by (also the words one edit away from an unknown token: "eeragon" -> "eragon").
 */
export function spineTokens(cat: Catalog, text: string): { tokens: string[]; lookup: string[] } {
  const out: string[] = [];
  const lookup: string[] = [];
  for (const t of tokens(text)) {
    if (cat.byToken.has(t)) {
      out.push(t);
      lookup.push(t);
      continue;
    }
    const parts = segment(cat, t);
    if (parts.length > 0) {
      out.push(...parts);
      lookup.push(...parts);
      continue;
    }
    out.push(t);
    lookup.push(...corrections(cat, t));
  }
  return { tokens: out, lookup };
}

interface BookScore {
  readonly book: CatalogBook;
  readonly score: number;
  readonly titleCoverage: number;
}

/** idf-weighted share of `needles` found; `found` returns the credit of one needle (0..1). */
function weighted(cat: Catalog, needles: readonly string[], found: (t: string) => number): number {
  let total = 0;
  let hit = 0;
  for (const n of needles) {
    const w = cat.idf.get(n) ?? Math.log(1 + cat.books.length);
    total += w;
    hit += w * found(n);
  }
  return total === 0 ? 0 : hit / total;
}

/**
 * A title word found inside the space-free spine text (OCR glues words), unless it only sits inside
 * a slightly longer single word ("rising" in "prising" is a misread, not a glued word).
 */
function gluedIn(n: string, spineTokens: readonly string[], glued: string): boolean {
  if (n.length < 4 || !glued.includes(n)) return false;
  return !spineTokens.some((s) => s !== n && s.includes(n) && s.length - n.length <= 2);
}

const EXPLAINED_POWER = 0.7;

/** A misread word (one edit away) is weaker evidence than a word read exactly. */
const FUZZY_CREDIT = 0.65;

/** Scores a spine reading against one book: title covered, author seen, spine text explained. */
export function scoreBook(cat: Catalog, spineTokens: readonly string[], glued: string, book: CatalogBook): BookScore {
  let titleCoverage = 0;
  let shortest = Infinity;
  for (const t of book.titleTokens) {
    const c = weighted(cat, t, (n) =>
      spineTokens.includes(n) || gluedIn(n, spineTokens, glued) ? 1 : spineTokens.some((s) => tokenMatches(n, s)) ? FUZZY_CREDIT : 0,
    );
    if (c > titleCoverage) {
      titleCoverage = c;
      shortest = t.length === 1 ? (t[0]?.length ?? 0) : Infinity;
    }
  }
  const authorCoverage = coverage(book.authorTokens, spineTokens);
  const known = [...book.titleTokens.flat(), ...book.authorTokens];
  const explained = weighted(cat, spineTokens, (s) => (known.some((k) => tokenMatches(s, k)) || coverageGlued([s], known, known.join('')) > 0 ? 1 : 0));
  // A title must be read and must also explain most of what the spine says: a one-word title
  // found inside a longer, different title ("Lit" in "Lit Chat") scores low. A lone short word
  // ("Rule", "Prep") is too often a fragment of another spine to count without its author.
  const lone = shortest <= 4 && authorCoverage === 0 ? 0.6 : 1;
  const score = lone * titleCoverage * Math.pow(explained, EXPLAINED_POWER) + 0.15 * Math.min(1, authorCoverage * 2);
  return { book, score, titleCoverage };
}

/** Best-scoring catalogue books for one spine text (candidates share at least one token). */
export function rankBooks(cat: Catalog, text: string, limit = 5): BookScore[] {
  const { tokens: st, lookup } = spineTokens(cat, text);
  if (st.length === 0) return [];
  const glued = normalise(text).replace(/ /g, '');
  const cand = new Set<number>();
  for (const t of lookup) {
    const list = cat.byToken.get(t);
    if (list && list.length < 800) for (const i of list) cand.add(i);
  }
  const scored: BookScore[] = [];
  for (const i of cand) {
    const b = cat.books[i];
    if (b) scored.push(scoreBook(cat, st, glued, b));
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, limit);
}

export interface Assignment {
  readonly spine: number;
  readonly book: CatalogBook;
  readonly score: number;
}

/** Greedy one-book-per-spine assignment over all candidate pairs above `threshold`. */
export function assignBooks(cat: Catalog, texts: readonly string[], threshold: number): Assignment[] {
  const pairs: Assignment[] = [];
  texts.forEach((t, spine) => {
    for (const r of rankBooks(cat, t, 5)) if (r.score >= threshold && r.titleCoverage >= 0.6) pairs.push({ spine, book: r.book, score: r.score });
  });
  pairs.sort((a, b) => b.score - a.score);
  const usedSpine = new Set<number>();
  const usedBook = new Set<number>();
  const out: Assignment[] = [];
  for (const p of pairs) {
    if (usedSpine.has(p.spine) || usedBook.has(p.book.id)) continue;
    usedSpine.add(p.spine);
    usedBook.add(p.book.id);
    out.push(p);
  }
  return out;
}

/** The catalogue book a truth title+author denotes, if the catalogue holds it. */
export function findTruthBook(cat: Catalog, title: string, author: string | null): CatalogBook | null {
  // Without an author the truth does not say which book of that title it is ("Fearless").
  if (!author) return null;
  const ranked = rankBooks(cat, `${title} ${author ?? ''}`, 5);
  const tt = tokens(title);
  for (const r of ranked) {
    const bookTitles = r.book.titleTokens;
    const exactTitle = bookTitles.some((bt) => coverage(bt, tt) >= 0.99 && coverage(tt, bt) >= 0.6);
    const authorOk = !author || r.book.authorTokens.length === 0 || coverage(tokens(author), r.book.authorTokens) > 0;
    if (exactTitle && authorOk) return r.book;
  }
  return null;
}
