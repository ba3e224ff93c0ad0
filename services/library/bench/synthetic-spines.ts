// Synthetic shelf spines drawn from the catalogue, for calibrating and measuring spine matching:
// OCR confusions, cut-off titles, publisher words, upside-down readings, and books we do not hold.
import type { BookRow } from '../src/data/book-row';
import { turnUpsideDown } from '../src/domain/matching/spine-text';

export interface SyntheticSpine {
  lines: { text: string; confidence: number }[];
  /** The book on the spine, or null when it is not in the catalogue. */
  bookId: string | null;
  kind: string;
}

const PUBLISHERS = [
  'PENGUIN', 'VINTAGE', 'HARPER', 'TOR', 'BANTAM', 'ORBIT', 'PICADOR', 'SCRIBNER', 'ANCHOR', 'FABER',
  'YEARLING', 'LAUREL-LEAF', 'SCHOLASTIC', 'PUFFIN BOOKS', 'NEWBERY HONOR', 'A NOVEL', 'SQUARE FISH', 'DELL', 'ALADDIN',
];

/** Scraps OCR reads off stickers, logos and the edges of the next spine. */
function junk(rnd: () => number): string {
  const letters = 'ABCDEFGHIJKLMNOPRSTUWYlnoe';
  return Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => letters[Math.floor(rnd() * letters.length)]).join('');
}

/** OCR often misses the space between two words. */
function glue(s: string, rnd: () => number): string {
  const words = s.split(' ');
  if (words.length < 2) return s;
  const at = Math.floor(rnd() * (words.length - 1));
  return [...words.slice(0, at), words[at]! + words[at + 1]!, ...words.slice(at + 2)].join(' ');
}
const CONFUSIONS: Record<string, string[]> = {
  I: ['l', '1', '|'], O: ['0', 'D', 'Q'], S: ['5'], E: ['F', 'B'], B: ['8', 'E'], G: ['6', 'C'], A: ['4', 'R'],
  N: ['M', 'H'], M: ['N', 'H'], C: ['G', 'O'], T: ['I', '7'], U: ['V', 'O'], R: ['K', 'P'], H: ['N', 'M'],
};

function ocrNoise(s: string, rate: number, rnd: () => number): string {
  let out = '';
  for (const ch of s) {
    const r = rnd();
    if (r < rate * 0.15) continue; // dropped
    const subs = CONFUSIONS[ch];
    if (subs && r < rate) out += subs[Math.floor(rnd() * subs.length)]!;
    else out += ch;
  }
  return out;
}

function mainTitle(b: BookRow): string {
  return b.title.toUpperCase();
}

function pick<T>(xs: readonly T[], rnd: () => number): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

export function positiveSpine(b: BookRow, rnd: () => number): SyntheticSpine {
  const rate = pick([0, 0, 0.03, 0.07, 0.12, 0.2], rnd);
  let title = mainTitle(b);
  const words = title.split(/\s+/);
  let kind = 'full';
  if (words.length > 3 && rnd() < 0.25) {
    title = words.slice(0, Math.max(2, Math.ceil(words.length * 0.6))).join(' ');
    kind = 'partial';
  }
  if (rnd() < 0.15) {
    title = glue(title, rnd);
    kind += '-glued';
  }
  const lines = [{ text: ocrNoise(title, rate, rnd), confidence: 0.95 - rate * 2 }];
  const author = b.authors[0] ?? '';
  const r = rnd();
  if (author && r < 0.45) lines.push({ text: ocrNoise(author.toUpperCase(), rate, rnd), confidence: 0.9 - rate * 2 });
  else if (author && r < 0.7) lines.push({ text: ocrNoise(author.split(' ').pop()!.toUpperCase(), rate, rnd), confidence: 0.9 - rate * 2 });
  else kind += '-noauthor';
  if (rnd() < 0.35) lines.push({ text: pick(PUBLISHERS, rnd), confidence: 0.8 });
  if (rnd() < 0.25) lines.splice(Math.floor(rnd() * (lines.length + 1)), 0, { text: junk(rnd), confidence: 0.7 });
  if (rnd() < 0.1) {
    kind += '-upsidedown';
    return { lines: lines.reverse().map((l) => ({ ...l, text: turnUpsideDown(l.text) })), bookId: b.id, kind };
  }
  return { lines, bookId: b.id, kind: `${kind}-noise${rate}` };
}

/** Spines of books the catalogue does not hold: invented titles, near-miss titles, an author alone. */
export function negativeSpine(books: BookRow[], vocabulary: string[], rnd: () => number): SyntheticSpine {
  // Read as noisily as the positives, so OCR confidence tells nothing about being in the catalogue.
  const rate = pick([0, 0, 0.03, 0.07, 0.12, 0.2], rnd);
  const spine = inventNegative(books, vocabulary, rnd);
  if (rnd() < 0.35) spine.lines.push({ text: pick(PUBLISHERS, rnd), confidence: 0.8 });
  if (rnd() < 0.25) spine.lines.push({ text: junk(rnd), confidence: 0.7 });
  return { ...spine, lines: spine.lines.map((l) => ({ text: ocrNoise(l.text, rate, rnd), confidence: l.confidence - rate * 2 })) };
}

function inventNegative(books: BookRow[], vocabulary: string[], rnd: () => number): SyntheticSpine {
  const r = rnd();
  const fakeAuthor = `${pick(books, rnd).authors[0]?.split(' ')[0] ?? 'ANNA'} ${pick(vocabulary, rnd)}`.toUpperCase();
  if (r < 0.45) {
    const n = 1 + Math.floor(rnd() * 3);
    const title = Array.from({ length: n }, () => pick(vocabulary, rnd)).join(' ').toUpperCase();
    return { lines: [{ text: `THE ${title}`, confidence: 0.95 }, { text: fakeAuthor, confidence: 0.9 }], bookId: null, kind: 'invented' };
  }
  if (r < 0.85) {
    const b = pick(books, rnd);
    const words = mainTitle(b).split(/\s+/);
    const content = words.map((w, i) => (w.replace(/[^A-Z]/g, '').length >= 4 ? i : -1)).filter((i) => i >= 0);
    const i = content.length ? pick(content, rnd) : Math.floor(rnd() * words.length);
    words[i] = pick(vocabulary, rnd).toUpperCase();
    return { lines: [{ text: words.join(' '), confidence: 0.95 }, ...(rnd() < 0.5 ? [{ text: fakeAuthor, confidence: 0.9 }] : [])], bookId: null, kind: 'near-miss' };
  }
  const b = pick(books, rnd);
  return { lines: [{ text: (b.authors[0] ?? 'UNKNOWN').toUpperCase(), confidence: 0.95 }], bookId: null, kind: 'author-only' };
}
