import { foldText } from '../text/normalise';

export interface SpineTextLine {
  text: string;
  confidence: number;
}

export interface SpineReading {
  text: string;
  /** The lines `text` joins, in the same order, with the OCR's confidence in each. */
  lines: SpineTextLine[];
  /** Read as if the spine were upside down (the OCR saw the glyphs rotated 180°). */
  upsideDown: boolean;
  /** Mean OCR confidence of the lines, weighted by length. */
  ocrConfidence: number;
}

// What a glyph turned 180° is most often read as.
const ROTATED: Record<string, string> = {
  M: 'W', W: 'M', n: 'u', u: 'n', p: 'd', d: 'p', b: 'q', q: 'b', '6': '9', '9': '6', h: 'y', y: 'h', a: 'e', e: 'a',
  L: '7', '7': 'L', V: 'A', A: 'V', U: 'N',
};

export function turnUpsideDown(s: string): string {
  return [...s].reverse().map((c) => ROTATED[c] ?? c).join('');
}

function meanConfidence(lines: SpineTextLine[]): number {
  let chars = 0;
  let sum = 0;
  for (const l of lines) {
    const n = Math.max(1, l.text.trim().length);
    chars += n;
    sum += n * l.confidence;
  }
  return chars ? sum / chars : 0;
}

/** The spine's lines as read, and the same lines as if the spine were upside down. */
export function spineReadings(lines: SpineTextLine[]): SpineReading[] {
  const usable = lines.filter((l) => l.text.trim() !== '');
  if (usable.length === 0) return [];
  const ocr = meanConfidence(usable);
  const upright = usable.map((l) => ({ text: l.text.trim(), confidence: l.confidence }));
  const flipped = [...usable].reverse().map((l) => ({ text: turnUpsideDown(l.text.trim()), confidence: l.confidence }));
  const join = (ls: SpineTextLine[]) => ls.map((l) => l.text).join(' ');
  return [
    { text: join(upright), lines: upright, upsideDown: false, ocrConfidence: ocr },
    { text: join(flipped), lines: flipped, upsideDown: true, ocrConfidence: ocr },
  ];
}

/** Character-trigram Dice similarity of two spine texts (are these two copies of one book?). */
export function textDice(a: string, b: string): number {
  const grams = (s: string) => {
    const t = ` ${foldText(s).replace(/ /g, '')} `;
    const out = new Set<string>();
    for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  if (ga.size === 0 || gb.size === 0) return 0;
  let common = 0;
  for (const g of ga) if (gb.has(g)) common++;
  return (2 * common) / (ga.size + gb.size);
}
