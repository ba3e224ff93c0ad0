import { THE_MISREAD, foldText, isStopWord, repairOcr, tokenSimilarity } from '../text/normalise';

/** "THE" as OCR misreads it, taken as "the" when lining a spine's words up with a title's. */
const THE = new Set(['the', ...THE_MISREAD, 'tbe']);

const words = (s: string): string[] =>
  foldText(s)
    .split(' ')
    .filter(Boolean)
    .map((w) => (THE.has(w) ? 'the' : w));

function same(a: string, b: string): boolean {
  if (a === b) return true;
  if (isStopWord(a) || isStopWord(b) || Math.max(a.length, b.length) <= 4) return false;
  return tokenSimilarity(a, b) >= 0.75;
}

/** Words a spine leaves out before a volume's number ("ALL-STAR SUPERMAN 2" for "..., Vol. 2"). */
const NUMBERING = new Set(['vol', 'volume', 'book', 'part', 'number', 'tome', 'tomo', 'band']);

/** A spine's lines as words, and all its letters run together: worked out once per reading. */
export interface SpineWords {
  readonly lines: readonly string[][];
  readonly letters: string;
}

export function spineWords(lines: readonly string[]): SpineWords {
  const w = lines.map((l) => words(repairOcr(l)));
  return { lines: w, letters: w.map((l) => l.join('')).join('') };
}

/**
 * Whether one line of the spine reads two of the title's words side by side that the title keeps
 * apart by a word the spine does not show anywhere: "THE POEMS OF EMILY DICKINSON" is not "The
 * Complete Poems of Emily Dickinson". OCR cuts words at a spine's edges and glues neighbours, but
 * it does not drop a whole word from the middle of a line it reads: the spine names another
 * book (an edition or a title the catalogue lacks), however well the rest agrees.
 */
export function skipsTitleWord(spine: SpineWords, title: string): boolean {
  const t = words(title);
  if (t.length < 3) return false;
  for (const l of spine.lines) {
    for (let j = 0; j + 1 < l.length; j++) {
      const [a, b] = [l[j]!, l[j + 1]!];
      // At least one anchor must be a real word: "of the" lines up with too much.
      if (isStopWord(a) && isStopWord(b)) continue;
      for (let i = 0; i + 2 < t.length; i++) {
        const missing = t[i + 1]!;
        if (isStopWord(missing) || missing.length < 3 || NUMBERING.has(missing) || spine.letters.includes(missing)) continue;
        if (same(a, t[i]!) && same(b, t[i + 2]!)) return true;
      }
    }
  }
  return false;
}
