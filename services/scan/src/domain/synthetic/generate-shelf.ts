import sharp from 'sharp';
import type { Point, Quad } from '../pipeline/geometry';
import { createRng, type Rng } from './prng';

export interface SyntheticBook {
  readonly title: string;
  readonly author?: string;
}

export interface SyntheticShelfOptions {
  /** Books in shelf order; they fill the rows left to right, top row first. */
  readonly books: readonly SyntheticBook[];
  readonly seed?: number;
  /** Image size in pixels (default 1600x1000). */
  readonly width?: number;
  readonly height?: number;
  /** Number of shelf rows (default 1). */
  readonly shelves?: number;
  /** Largest lean in degrees; about a quarter of the books lean (default 4). */
  readonly maxLeanDegrees?: number;
  /** Gaussian blur sigma applied to the whole photo (default 0.6; 0 disables). */
  readonly blur?: number;
  /** Spine width range in pixels (default 45..110). */
  readonly spineWidth?: readonly [number, number];
  readonly format?: 'png' | 'jpeg';
  /** Books lying flat in a stack after the last upright book of the last shelf (first = top). */
  readonly flat?: readonly SyntheticBook[];
}

export interface SyntheticSpineTruth {
  /** Corners in image pixels, clockwise from top-left. */
  readonly polygon: Quad;
  readonly title: string;
  readonly author: string | null;
  /** 1-based shelf order. */
  readonly order: number;
  readonly shelfIndex: number;
  /** true for a book lying flat (horizontal spine). */
  readonly flat: boolean;
}

export interface SyntheticShelf {
  readonly image: Buffer;
  readonly width: number;
  readonly height: number;
  readonly spines: readonly SyntheticSpineTruth[];
}

const FONTS = ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Condensed', 'DejaVu Sans Mono'] as const;

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function hsl(h: number, s: number, l: number): string {
  return `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`;
}

/** Rotates point p around pivot by angle (radians, clockwise on screen). */
function rotate(p: Point, pivot: Point, angle: number): Point {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const dx = p[0] - pivot[0];
  const dy = p[1] - pivot[1];
  return [pivot[0] + dx * c - dy * s, pivot[1] + dx * s + dy * c];
}

interface SpineDraw {
  readonly svg: string;
  readonly polygon: Quad;
  /** Right-most x the book occupies (for placing the next one). */
  readonly right: number;
}

function drawSpine(rng: Rng, book: SyntheticBook, x: number, bottom: number, w: number, h: number, lean: number): SpineDraw {
  const hue = rng.range(0, 360);
  const light = rng.pick([18, 30, 45, 60, 82]);
  const bg = hsl(hue, rng.range(25, 75), light);
  const fg = light > 55 ? hsl(hue, 40, 10) : hsl((hue + 180) % 360, 15, 94);
  const font = rng.pick(FONTS);
  const bold = rng.next() < 0.5 ? 'bold' : 'normal';
  // Vertical spine text; English spines mostly read top to bottom, some bottom to top.
  const downward = rng.next() < 0.8;
  const title = escapeXml(book.title);
  const author = book.author ? escapeXml(book.author) : '';
  const titleSpan = h * (author ? 0.66 : 0.86);
  const titleSize = Math.max(10, Math.min(w * 0.52, (titleSpan / Math.max(4, book.title.length)) * 1.7));
  const authorSize = Math.max(9, Math.min(w * 0.3, ((h * 0.24) / Math.max(4, author.length)) * 1.7));
  const top = bottom - h;
  // The spine is drawn upright at (x, top) and rotated about its bottom-left corner for leaning books.
  const pivot: Point = lean >= 0 ? [x + w, bottom] : [x, bottom];
  const deg = (lean * 180) / Math.PI;
  const rot = downward ? 90 : -90;
  const titleCentre = top + (author ? h * 0.38 : h / 2);
  const authorCentre = top + h * 0.85;
  const cx = x + w / 2;
  const band = rng.next() < 0.4 ? `<rect x="${x}" y="${top + h * 0.05}" width="${w}" height="${h * 0.02}" fill="${fg}"/>` : '';
  const svg =
    `<g transform="rotate(${deg.toFixed(3)} ${pivot[0].toFixed(1)} ${pivot[1].toFixed(1)})">` +
    `<rect x="${x}" y="${top}" width="${w}" height="${h}" fill="${bg}" stroke="${hsl(hue, 30, Math.max(5, light - 15))}" stroke-width="2"/>` +
    band +
    `<text transform="translate(${cx.toFixed(1)} ${titleCentre.toFixed(1)}) rotate(${rot})" text-anchor="middle" dominant-baseline="central" ` +
    `font-family="${font}" font-weight="${bold}" font-size="${titleSize.toFixed(1)}" fill="${fg}">${title}</text>` +
    (author
      ? `<text transform="translate(${cx.toFixed(1)} ${authorCentre.toFixed(1)}) rotate(${rot})" text-anchor="middle" dominant-baseline="central" ` +
        `font-family="${font}" font-size="${authorSize.toFixed(1)}" fill="${fg}">${author}</text>`
      : '') +
    `</g>`;
  const upright: Point[] = [
    [x, top],
    [x + w, top],
    [x + w, bottom],
    [x, bottom],
  ];
  const corners = upright.map((p) => rotate(p, pivot, lean));
  const polygon: Quad = [corners[0] as Point, corners[1] as Point, corners[2] as Point, corners[3] as Point];
  return { svg, polygon, right: Math.max(...corners.map((p) => p[0])) };
}

/** A book lying flat: its spine is a horizontal band with the title (and author) written along it. */
function drawFlatSpine(rng: Rng, book: SyntheticBook, x: number, top: number, length: number, t: number): { svg: string; polygon: Quad } {
  const hue = rng.range(0, 360);
  const light = rng.pick([18, 30, 60, 82]);
  const bg = hsl(hue, rng.range(25, 75), light);
  const fg = light > 55 ? hsl(hue, 40, 10) : hsl((hue + 180) % 360, 15, 94);
  const font = rng.pick(FONTS);
  const text = book.author ? `${escapeXml(book.title)}   ${escapeXml(book.author)}` : escapeXml(book.title);
  const chars = book.title.length + (book.author ? book.author.length + 3 : 0);
  const size = Math.max(10, Math.min(t * 0.5, (length / Math.max(6, chars)) * 1.7));
  const svg =
    `<rect x="${x}" y="${top}" width="${length}" height="${t}" fill="${bg}" stroke="${hsl(hue, 30, Math.max(5, light - 15))}" stroke-width="2"/>` +
    `<text x="${(x + length / 2).toFixed(1)}" y="${(top + t / 2).toFixed(1)}" text-anchor="middle" dominant-baseline="central" font-family="${font}" ` +
    `font-size="${size.toFixed(1)}" fill="${fg}" xml:space="preserve">${text}</text>`;
  return { svg, polygon: [[x, top], [x + length, top], [x + length, top + t], [x, top + t]] };
}

/**
 * Renders a synthetic bookshelf photo (SVG rasterised by sharp) with exact ground truth: one
 * polygon, title, author and shelf order per spine. Random widths, heights, colours, fonts, an
 * occasional lean and a mild blur; deterministic for a given seed.
 */
export async function generateShelf(opts: SyntheticShelfOptions): Promise<SyntheticShelf> {
  const rng = createRng(opts.seed ?? 1);
  const width = opts.width ?? 1600;
  const height = opts.height ?? 1000;
  const shelves = Math.max(1, opts.shelves ?? 1);
  const maxLean = ((opts.maxLeanDegrees ?? 4) * Math.PI) / 180;
  const [minW, maxW] = opts.spineWidth ?? [45, 110];
  const board = Math.round(height * 0.04);
  const rowH = (height - board * (shelves + 1)) / shelves;
  const wall = hsl(rng.range(20, 50), rng.range(10, 30), rng.range(70, 88));
  const wood = hsl(rng.range(20, 35), rng.range(30, 50), rng.range(35, 55));
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="${wall}"/>`];
  const truths: SyntheticSpineTruth[] = [];
  let shelf = 0;
  let x = width * 0.04;
  for (const book of opts.books) {
    const w = rng.range(minW, maxW);
    const leans = rng.next() < 0.25 && maxLean > 0;
    // Only lean right (against the next book) so neighbours do not overlap.
    const lean = leans ? rng.range(0.3, 1) * maxLean : 0;
    const extra = Math.sin(lean) * rowH;
    if (x + w + extra > width * 0.96 && x > width * 0.04 + 1) {
      shelf++;
      x = width * 0.04;
      if (shelf >= shelves) throw new Error(`only ${truths.length} of ${opts.books.length} books fit on ${shelves} shelves`);
    }
    const bottom = board * (shelf + 1) + rowH * (shelf + 1);
    const h = rowH * rng.range(0.72, 0.94) * Math.cos(lean);
    const drawn = drawSpine(rng, book, x, bottom, w, h, lean);
    parts.push(drawn.svg);
    truths.push({ polygon: drawn.polygon, title: book.title, author: book.author ?? null, order: truths.length + 1, shelfIndex: shelf, flat: false });
    x = drawn.right + rng.range(0, 3);
  }
  if (opts.flat?.length) {
    // A stack on the last shelf used, after its upright books: the first book lies on top.
    const flat = opts.flat;
    const length = rowH * 0.75;
    const left = x + 12;
    if (left + length > width * 0.98) throw new Error('no room left on the shelf for the flat books');
    const thick = flat.map(() => rng.range(Math.max(minW * 0.6, rowH * 0.08), Math.min(maxW, (rowH * 0.6) / flat.length)));
    let y = board * (shelf + 1) + rowH * (shelf + 1);
    const drawn: { book: SyntheticBook; polygon: Quad }[] = [];
    for (let k = flat.length - 1; k >= 0; k--) {
      const t = thick[k] ?? rowH * 0.1;
      y -= t;
      const d = drawFlatSpine(rng, flat[k]!, left, y, length, t);
      parts.push(d.svg);
      drawn.unshift({ book: flat[k]!, polygon: d.polygon });
    }
    for (const { book, polygon } of drawn) {
      truths.push({ polygon, title: book.title, author: book.author ?? null, order: truths.length + 1, shelfIndex: shelf, flat: true });
    }
  }
  for (let s = 0; s <= shelves; s++) {
    const y = s * (rowH + board);
    parts.push(`<rect x="0" y="${y.toFixed(1)}" width="${width}" height="${board}" fill="${wood}"/>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
  let img = sharp(Buffer.from(svg)).flatten({ background: '#ffffff' });
  const blur = opts.blur ?? 0.6;
  if (blur >= 0.3) img = img.blur(blur);
  const image = opts.format === 'jpeg' ? await img.jpeg({ quality: 88 }).toBuffer() : await img.png().toBuffer();
  return { image, width, height, spines: truths };
}
