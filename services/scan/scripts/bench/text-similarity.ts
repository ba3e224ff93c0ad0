/** Lower-case, strip accents and punctuation; digits and letters of any script survive. */
export function normalise(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const STOP_WORDS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'of', 'and', 'in', 'to', 'for', 'on', 'de', 'la', 'el', 'los', 'las', 'y', 'i', 'del', 'en', 'a', 'is', 'by', 'with', 'at', 'or']);

/** Content tokens (no stop words, no single characters except CJK). */
export function tokens(s: string): string[] {
  return normalise(s)
    .split(' ')
    .filter((t) => t.length > 0 && !STOP_WORDS.has(t) && (t.length > 1 || /[^\p{Script=Latin}\p{N}]/u.test(t)));
}

/** Bounded Levenshtein distance (returns max+1 when larger). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** Tokens equal, or close enough for OCR noise (1 edit per 5 characters). */
export function tokenMatches(a: string, b: string): boolean {
  if (a === b) return true;
  const len = Math.min(a.length, b.length);
  if (len < 4) return false;
  return editDistance(a, b, Math.floor(len / 5)) <= Math.floor(len / 5);
}

/** Character trigrams of the normalised, space-free text. */
function trigrams(s: string): Set<string> {
  const t = ` ${normalise(s)} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
  return out;
}

/** Fraction of `needles` tokens found (fuzzily) among `hay` tokens. */
export function coverage(needles: readonly string[], hay: readonly string[]): number {
  if (needles.length === 0) return 0;
  let hit = 0;
  for (const n of needles) if (hay.some((h) => tokenMatches(n, h))) hit++;
  return hit / needles.length;
}

/**
 * OCR often glues words ("JavaScriptPatterns"): a needle token also counts as found when it is a
 * substring of the glued spine text.
 */
export function coverageGlued(needles: readonly string[], hay: readonly string[], glued: string): number {
  if (needles.length === 0) return 0;
  let hit = 0;
  for (const n of needles) if (hay.some((h) => tokenMatches(n, h)) || (n.length >= 4 && glued.includes(n))) hit++;
  return hit / needles.length;
}

export function trigramDice(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const g of ta) if (tb.has(g)) common++;
  return (2 * common) / (ta.size + tb.size);
}
