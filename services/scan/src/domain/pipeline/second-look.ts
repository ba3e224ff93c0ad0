import type { Point, Quad } from './geometry';
import type { OcrModels } from './model-sessions';
import { sampleRgb, type RgbImage } from './raster';
import { readSpines, type ReadOptions, type SpineReading } from './spine-reading';
import { detectTextTurned } from './text-detect';

export interface SecondLookOptions {
  /** Width each spine is scaled to in the mosaic (pixels). */
  readonly spineWidth?: number;
  /** Cap of a spine's height in the mosaic (pixels). */
  readonly maxHeight?: number;
  /** Most upscaling applied to a spine. */
  readonly maxUpscale?: number;
}

/** Spine strip in the mosaic: its cell (left edge, width, height) and the strip's own size. */
interface Placed {
  readonly cellX: number;
  readonly cellWidth: number;
  readonly cellHeight: number;
  readonly width: number;
  readonly height: number;
}

const GAP = 16;
const GREY = 128;

const lerp = (a: Point, b: Point, t: number): [number, number] => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
const dist = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
const up32 = (n: number): number => Math.ceil(n / 32) * 32;

/** A spine with fewer letters read than this gets a second look ("EBECCA", a title's scrap). */
const FEW_LETTERS = 5;
/** Nor is a reading of scraps only ("ray bn", "HIS WAR"): no word of this many letters. */
const SHORT_WORD = 4;

const lettersOf = (r: SpineReading): number => r.text.replace(/[^\p{L}\p{N}]/gu, '').length;
const longestWord = (r: SpineReading): number => Math.max(0, ...r.text.split(/[^\p{L}]+/u).map((w) => w.length));

/**
 * A spine's reading worth a second look: nothing legible or only scraps. (Also looking again at
 * spines read with low confidence read more titles but matched fewer books: a second reading that
 * scores higher is not always the one the catalogue recognises.)
 */
export function poorlyRead(r: SpineReading | undefined): boolean {
  return !r || r.texts.length === 0 || lettersOf(r) < FEW_LETTERS || longestWord(r) < SHORT_WORD;
}

/** Which of two readings of a spine to keep: confident and long beats confident and short. */
export function readingScore(r: SpineReading | undefined): number {
  return r ? r.confidence * Math.sqrt(lettersOf(r) + 1) : 0;
}

/** The part of `img` from column `x0`, `width` wide and `height` tall from the top. */
function cellOf(img: RgbImage, x0: number, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) data.set(img.data.subarray((y * img.width + x0) * 3, (y * img.width + x0 + width) * 3), y * width * 3);
  return { width, height, data };
}

/**
 * Upright spines whose text the first pass did not find or could not read get a second look:
 * each is cut out along its polygon and scaled so the spine is `spineWidth` pixels wide (small
 * print on thin spines becomes as large as the detector likes it). Each strip is detected on its
 * own (turned, as the first pass): the detector pools over its whole input, so a strip detected
 * beside others was found differently depending on its neighbours, and a spine's reading changed
 * when an unrelated spine elsewhere on the shelf did. Lines are read both ways round and the more
 * confident reading kept (the orientation classifier errs most on exactly these spines).
 *
 * `quads` are upright spine polygons in `image` pixels, clockwise from top-left.
 */
export async function secondLook(
  models: OcrModels,
  image: RgbImage,
  quads: readonly Quad[],
  read: ReadOptions,
  opts: SecondLookOptions = {},
): Promise<SpineReading[]> {
  if (quads.length === 0) return [];
  const spineWidth = opts.spineWidth ?? 96;
  const maxHeight = opts.maxHeight ?? 1600;
  const maxUpscale = opts.maxUpscale ?? 3;
  const placed: Placed[] = [];
  let x = 0;
  for (const q of quads) {
    const [tl, tr, br, bl] = q;
    const w = Math.max(1, (dist(tl, tr) + dist(bl, br)) / 2);
    const h = Math.max(1, (dist(tl, bl) + dist(tr, br)) / 2);
    const s = Math.min(spineWidth / w, maxHeight / h, maxUpscale);
    const width = Math.max(8, Math.round(w * s));
    const height = Math.max(8, Math.round(h * s));
    // Each strip in a cell of its own, a grey margin around it, sides multiples of 32 so the
    // detector takes it unscaled.
    const cellWidth = up32(width + 2 * GAP);
    placed.push({ cellX: x, cellWidth, cellHeight: up32(height + 2 * GAP), width, height });
    x += cellWidth;
  }
  const W = x;
  const H = Math.max(...placed.map((p) => p.cellHeight));
  const data = new Uint8Array(W * H * 3).fill(GREY);
  const px = new Float32Array(3);
  quads.forEach((q, k) => {
    const p = placed[k] as Placed;
    const [tl, tr, br, bl] = q;
    for (let yy = 0; yy < p.height; yy++) {
      const t = (yy + 0.5) / p.height;
      const left = lerp(tl, bl, t);
      const right = lerp(tr, br, t);
      const row = ((GAP + yy) * W + p.cellX + GAP) * 3;
      for (let xx = 0; xx < p.width; xx++) {
        const [sx, sy] = lerp(left, right, (xx + 0.5) / p.width);
        sampleRgb(image, sx - 0.5, sy - 0.5, px, 0);
        const o = row + xx * 3;
        data[o] = px[0] ?? 0;
        data[o + 1] = px[1] ?? 0;
        data[o + 2] = px[2] ?? 0;
      }
    }
  });
  const mosaic: RgbImage = { width: W, height: H, data };
  const perSpine = await Promise.all(
    placed.map(async (p) => {
      const boxes = await detectTextTurned(models, cellOf(mosaic, p.cellX, p.cellWidth, p.cellHeight), { maxSide: Math.max(p.cellWidth, p.cellHeight) });
      return boxes.map((b) => ({ ...b.rect, cx: b.rect.cx + p.cellX }));
    }),
  );
  // Few spines, and the ones the orientation classifier is least sure of: read both ways round.
  return readSpines(
    models,
    mosaic,
    perSpine.map((rects) => ({ rects })),
    { ...read, orientation: 'both' },
  );
}

/**
 * Strip widths of the looks again, in turn: what the first of them leaves poorly read gets the
 * next, larger one. 96 px suits most thin spines; a wider strip reads a few the narrow one cannot
 * (a thin, shadowed spine: "PRIVATE PEACEFU" at 160 px) but reads others worse, so it only ever
 * replaces a poor reading. Measured on the real photos: 160 gained one book at no loss; 128 and 144
 * read that spine too garbled to match, 192 read only its first word (a wrong book).
 */
export const LOOK_AGAIN_WIDTHS: readonly number[] = [96, 160];

/**
 * Looks again at the upright spines read poorly (`poorlyRead`): one `secondLook` per width in
 * `widths`, each at the spines still poorly read after the one before; a new reading replaces the
 * old one only when it scores higher (`readingScore`). `quads[k]` belongs to `readings[k]`;
 * `lookAt[k]` false leaves a spine alone (a book lying flat). Returns the readings, updated.
 */
export async function lookAgain(
  models: OcrModels,
  image: RgbImage,
  quads: readonly Quad[],
  readings: readonly (SpineReading | undefined)[],
  read: ReadOptions,
  opts: { readonly widths?: readonly number[]; readonly lookAt?: readonly boolean[] } = {},
): Promise<(SpineReading | undefined)[]> {
  const out = [...readings];
  for (const spineWidth of opts.widths ?? LOOK_AGAIN_WIDTHS) {
    const poor = quads.map((_, k) => k).filter((k) => (opts.lookAt?.[k] ?? true) && poorlyRead(out[k]));
    if (poor.length === 0) break;
    const again = await secondLook(models, image, poor.map((k) => quads[k] as Quad), read, { spineWidth });
    poor.forEach((k, j) => {
      const r = again[j];
      if (r && r.texts.length > 0 && readingScore(r) > readingScore(out[k])) out[k] = r;
    });
  }
  return out;
}
