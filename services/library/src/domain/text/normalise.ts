/**
 * Folding shared by the catalogue (stored search columns) and every query against it, so a
 * row and a query that differ only in case, accents or punctuation compare equal.
 */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/&/g, ' and ')
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "THE" as OCR most often misreads it on a spine. */
export const THE_MISREAD: readonly string[] = ['ihe', 'tne'];

const STOP_WORDS = new Set([
  'a', 'an', 'the', 'and', 'of', 'in', 'on', 'to', 'for', 'with', 'at', 'by', 'or', 'from', 'is',
  'de', 'la', 'le', 'les', 'el', 'los', 'las', 'y', 'et', 'der', 'die', 'das', 'und', 'del', 'en',
  ...THE_MISREAD,
]);

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

/** Folded tokens without stop words. Single characters survive only for non-Latin scripts or digits. */
export function contentTokens(s: string): string[] {
  return foldText(s)
    .split(' ')
    .filter((t) => t.length > 0 && !STOP_WORDS.has(t) && (t.length > 1 || /[\p{N}]|[^\p{Script=Latin}]/u.test(t)));
}

/**
 * Repairs the confusions OCR makes most often before folding: in an upper-case word a lower-case
 * "l" is an "I" ("HOBBlT"), and digits inside words are letters ("H0BBIT", "1T"). A word here is
 * a run of letters and digits ("Vol.13" is two).
 */
export function repairOcr(s: string): string {
  return s
    // Word by word, and words glued by punctuation one by one: in "Dead,Vol.13" the 13 is a number.
    .split(/([^\p{L}\p{N}|'’]+)/u)
    .map((word) => {
      const letters = word.replace(/[^\p{L}]/gu, '');
      if (letters.length < 2) return word;
      let w = word.replace(/\|/g, 'I');
      const upper = (w.match(/\p{Lu}/gu) ?? []).length;
      const lower = (w.match(/\p{Ll}/gu) ?? []).length;
      const onlyL = lower > 0 && (w.match(/\p{Ll}/gu) ?? []).every((c) => c === 'l');
      if (upper >= 2 && (upper > lower || onlyL)) w = w.replace(/l/g, 'I');
      const digits = (w.match(/\d/g) ?? []).length;
      if (digits > 0 && digits * 2 < letters.length) {
        w = w.replace(/0/g, 'O').replace(/1/g, 'I').replace(/5/g, 'S').replace(/8/g, 'B');
      }
      return w;
    })
    .join('');
}

/**
 * Bounded edit distance counting an adjacent swap as one edit (optimal string alignment: typists
 * swap letters, "teh"); returns max + 1 as soon as the distance exceeds max.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** How alike two tokens are, 0..1, allowing about one typo per four characters. */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  const shorter = Math.min(a.length, b.length);
  if (shorter < 3) return 0;
  // A word cut off at the spine's edge ("harr" for "harry") still counts, a little less.
  if (shorter >= 4 && (a.startsWith(b) || b.startsWith(a))) return 0.8 * (shorter / len) + 0.1;
  const max = Math.max(1, Math.floor(len / 4));
  const d = editDistance(a, b, max);
  return d > max ? 0 : 1 - d / (len + 1);
}
