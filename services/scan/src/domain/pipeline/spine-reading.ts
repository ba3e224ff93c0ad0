import type { RotatedRect } from './geometry';
import type { OcrModels } from './model-sessions';
import type { RgbImage } from './raster';
import { classifyUpsideDown, recogniseLines, REC_HEIGHT } from './text-recognise';
import type { SpineText } from './types';
import { warpLine, type LineCrop } from './warp-crop';

export interface SpineLines {
  /** Text boxes of one spine, in working-image coordinates. */
  readonly rects: readonly RotatedRect[];
}

export interface SpineReading {
  readonly texts: SpineText[];
  readonly text: string;
  readonly confidence: number;
}

export interface ReadOptions {
  readonly orientation: 'cls' | 'both';
  readonly minLineConfidence: number;
  readonly maxLineWidth?: number;
}

/** Keeps only readings that look like words: enough confident characters, not a lone symbol. */
function legible(text: string, confidence: number, minConfidence: number): boolean {
  const t = text.trim();
  if (confidence < minConfidence) return false;
  const letters = t.replace(/[^\p{L}\p{N}]/gu, '');
  if (letters.length === 0) return false;
  // A single Latin letter or digit is nearly always noise; a single CJK character can be a word.
  if (letters.length === 1 && /[\p{Script=Latin}\p{N}]/u.test(letters)) return false;
  return true;
}

/**
 * Orders lines as a reader would: along the reading axis, and lines that sit side by side
 * (a two-line title) from the top line of the text to the bottom one.
 */
function readingOrder(rects: readonly RotatedRect[], flips: readonly boolean[]): number[] {
  const idx = rects.map((_, i) => i);
  const frame = (i: number): { u0: number; u1: number; v: number } => {
    const r = rects[i] as RotatedRect;
    const s = flips[i] ? -1 : 1;
    // Use a shared axis for the spine: vertical lines read downward unless flipped.
    const ax = Math.abs(r.uy) >= Math.SQRT1_2 ? 0 : s;
    const ay = Math.abs(r.uy) >= Math.SQRT1_2 ? s : 0;
    const u = r.cx * ax + r.cy * ay;
    const v = -r.cx * ay + r.cy * ax;
    return { u0: u - r.length / 2, u1: u + r.length / 2, v };
  };
  return idx.sort((a, b) => {
    const fa = frame(a);
    const fb = frame(b);
    const overlap = Math.min(fa.u1, fb.u1) - Math.max(fa.u0, fb.u0);
    const shorter = Math.min(fa.u1 - fa.u0, fb.u1 - fb.u0);
    if (overlap > 0.5 * shorter) return fa.v - fb.v;
    return fa.u0 - fb.u0;
  });
}

/**
 * Reads every spine: warps each text box to a horizontal line, decides the reading direction
 * (one direction per spine for its vertical lines, by the orientation classifier weighted by line
 * length, or by reading both ways) and recognises all lines of all spines in shared batches.
 */
export async function readSpines(
  models: OcrModels,
  image: RgbImage,
  spines: readonly SpineLines[],
  opts: ReadOptions,
): Promise<SpineReading[]> {
  const maxW = opts.maxLineWidth ?? 1600;
  const flat = spines.flatMap((s, si) => s.rects.map((r) => ({ si, r })));
  let flips: boolean[];
  let decoded: { text: string; confidence: number }[];
  if (opts.orientation === 'both') {
    const crops: LineCrop[] = flat.flatMap(({ r }) => [warpLine(image, r, REC_HEIGHT, maxW, false), warpLine(image, r, REC_HEIGHT, maxW, true)]);
    const out = await recogniseLines(models, crops);
    flips = [];
    decoded = [];
    flat.forEach((_, k) => {
      const a = out[2 * k] ?? { text: '', confidence: 0 };
      const b = out[2 * k + 1] ?? { text: '', confidence: 0 };
      const flip = b.confidence * Math.sqrt(b.text.length + 1) > a.confidence * Math.sqrt(a.text.length + 1);
      flips.push(flip);
      decoded.push(flip ? b : a);
    });
  } else {
    const upright = flat.map(({ r }) => warpLine(image, r, REC_HEIGHT, maxW, false));
    const p = await classifyUpsideDown(models, upright);
    // Vertical lines of one spine share a direction: vote weighted by line length.
    const vote = new Map<number, number>();
    flat.forEach(({ si, r }, k) => {
      if (Math.abs(r.uy) < Math.SQRT1_2) return;
      vote.set(si, (vote.get(si) ?? 0) + ((p[k] ?? 0) - 0.5) * r.length);
    });
    flips = flat.map(({ si, r }, k) =>
      Math.abs(r.uy) >= Math.SQRT1_2 ? (vote.get(si) ?? 0) > 0 : (p[k] ?? 0) > 0.9,
    );
    const crops = flat.map(({ r }, k) => (flips[k] ? warpLine(image, r, REC_HEIGHT, maxW, true) : (upright[k] as LineCrop)));
    decoded = await recogniseLines(models, crops);
  }
  const perSpine: { r: RotatedRect; flip: boolean; text: string; confidence: number }[][] = spines.map(() => []);
  flat.forEach(({ si, r }, k) => {
    const d = decoded[k];
    if (d && legible(d.text, d.confidence, opts.minLineConfidence)) {
      perSpine[si]?.push({ r, flip: flips[k] ?? false, text: d.text.trim(), confidence: d.confidence });
    }
  });
  return perSpine.map((lines) => {
    const order = readingOrder(
      lines.map((l) => l.r),
      lines.map((l) => l.flip),
    );
    const texts = order.map((i) => lines[i]).filter((l) => l !== undefined).map((l) => ({ text: l.text, confidence: l.confidence }));
    const chars = texts.reduce((s, t) => s + t.text.length, 0);
    const confidence = chars === 0 ? 0 : texts.reduce((s, t) => s + t.confidence * t.text.length, 0) / chars;
    return { texts, text: texts.map((t) => t.text).join(' '), confidence };
  });
}
