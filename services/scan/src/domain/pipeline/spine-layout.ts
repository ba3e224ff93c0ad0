import { isVertical, rectCorners, type Quad, type RotatedRect } from './geometry';
import { boundaryProfile, boundaryX, pickBoundaries, type BoundaryLine } from './spine-boundaries';
import type { GrayImage } from './raster';
import type { ShelfRow } from './shelf-rows';

/** A spine found in the analysis image, with the indices of the text boxes lying on it. */
export interface SpineRegion {
  readonly polygon: Quad;
  readonly shelfIndex: number;
  /** true for a book lying flat (horizontal spine). */
  readonly flat: boolean;
  readonly textIndices: number[];
  /** Sort key inside the shelf (x for upright books, y for flat ones). */
  readonly key: number;
}

export interface LayoutOptions {
  /** Minimum edge coverage of a spine boundary (0..1). */
  readonly minBoundaryScore?: number;
  /** Minimum spine width as a fraction of the row height. */
  readonly minWidthFraction?: number;
  /** The image the edges came from: tells print on a spine from print on a book behind the row. */
  readonly gray?: GrayImage;
}

/** The strip between two boundary lines from height `top` to `bottom`. */
function between(a: BoundaryLine, b: BoundaryLine, top: number, bottom: number, mid: number): Quad {
  return [
    [boundaryX(a, top, mid), top],
    [boundaryX(b, top, mid), top],
    [boundaryX(b, bottom, mid), bottom],
    [boundaryX(a, bottom, mid), bottom],
  ];
}

/** Signed distance along x between a boundary line and a point, measured at the point's height. */
function dxAt(b: BoundaryLine, x: number, y: number, mid: number): number {
  return x - boundaryX(b, y, mid);
}

/** Whether a boundary line cuts through the body of a text box. */
function cutsText(b: BoundaryLine, r: RotatedRect, mid: number): boolean {
  if (isVertical(r)) {
    // Probe along the box axis: the line must not pass through the middle half of its thickness.
    const half = r.thickness * 0.28;
    for (const t of [-0.4, 0, 0.4]) {
      const px = r.cx + r.ux * r.length * t;
      const py = r.cy + r.uy * r.length * t;
      if (Math.abs(dxAt(b, px, py, mid)) < half) return true;
    }
    return false;
  }
  const halfLen = r.length * 0.42 * Math.abs(r.ux);
  return Math.abs(dxAt(b, r.cx, r.cy, mid)) < halfLen;
}

/**
 * Share of the heights in [y0, y1) where the line has a vertical edge (within a few pixels): an edge that
 * runs on through the shelf board above and below the row is the bookcase's frame, not a spine's.
 */
function edgeRunBetween(vertical: Uint8Array, width: number, height: number, b: BoundaryLine, mid: number, y0: number, y1: number): number {
  const from = Math.max(0, Math.round(y0));
  const to = Math.min(height, Math.round(y1));
  if (to - from < 3) return 0;
  let hits = 0;
  for (let y = from; y < to; y++) {
    const x = Math.round(boundaryX(b, y, mid));
    const base = y * width;
    // The lean is measured inside the row; a few pixels of slack cover its error further out.
    for (let dx = -3; dx <= 3; dx++) {
      if (x + dx >= 0 && x + dx < width && vertical[base + x + dx]) {
        hits++;
        break;
      }
    }
  }
  return hits / (to - from);
}

/** A text-less strip whose both edges run on above and below the row: a post of the bookcase. */
function isFramePost(vertical: Uint8Array, width: number, row: ShelfRow, a: BoundaryLine, b: BoundaryLine): boolean {
  const height = vertical.length / width;
  const h = row.bottom - row.top;
  const mid = (row.top + row.bottom) / 2;
  const runs = (line: BoundaryLine) =>
    Math.min(
      edgeRunBetween(vertical, width, height, line, mid, row.top - 0.25 * h, row.top - 0.03 * h),
      edgeRunBetween(vertical, width, height, line, mid, row.bottom + 0.03 * h, row.bottom + 0.25 * h),
    ) >= 0.6;
  return runs(a) && runs(b);
}

/** Print this high in a row may be on a book standing behind the row, seen over the tops of the front books. */
const HIGH_IN_ROW = 0.35;
/** Only a line this many times longer than thick (a word, not a publisher's logo near a spine's top) is taken for it. */
const WORD_SHAPE = 1.6;
/** Grey levels (of 255) between the spine above a line and below it that say they are two books. */
const OTHER_BOOK = 50;

/** Median grey of a rectangle (the surface, not the ink on it), or null when it falls outside the image. */
function medianGray(gray: GrayImage, x0: number, x1: number, y0: number, y1: number): number | null {
  const [a, b] = [Math.max(0, Math.round(x0)), Math.min(gray.width, Math.round(x1))];
  const [c, d] = [Math.max(0, Math.round(y0)), Math.min(gray.height, Math.round(y1))];
  if (b <= a || d <= c) return null;
  const hist = new Uint32Array(256);
  for (let y = c; y < d; y++) for (let x = a; x < b; x++) hist[Math.max(0, Math.min(255, Math.round(gray.data[y * gray.width + x] ?? 0)))]! += 1;
  const half = ((b - a) * (d - c)) / 2;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= half) return v;
  }
  return 255;
}

/**
 * A word written across, high in the row, whose surface goes on above it but not below it: print
 * on a book standing behind the row ("McKay" over the tops of two front spines), which no edge of
 * the front books has to respect and which is no front spine's text. Print on a spine has the
 * spine's own surface under it; a label stuck on a spine has the spine above and below it; the
 * top book of a flat stack has more print across just below it.
 */
function behindTheRow(gray: GrayImage, r: RotatedRect, row: ShelfRow, others: readonly RotatedRect[]): boolean {
  if (isVertical(r) || r.length < WORD_SHAPE * r.thickness || r.cy > row.top + HIGH_IN_ROW * (row.bottom - row.top)) return false;
  const t = r.thickness;
  // More print across just below it: the top book of a stack lying flat, not a book behind.
  const half = (q: RotatedRect) => (q.length * Math.abs(q.ux)) / 2;
  if (others.some((o) => o !== r && !isVertical(o) && o.cy > r.cy && o.cy - r.cy <= 4 * t && Math.abs(o.cx - r.cx) < half(o) + half(r))) return false;
  const [x0, x1] = [r.cx - 0.35 * r.length, r.cx + 0.35 * r.length];
  const surface = medianGray(gray, x0, x1, r.cy - t / 2, r.cy + t / 2);
  const below = medianGray(gray, x0, x1, r.cy + t / 2 + t, r.cy + t / 2 + 2 * t);
  if (surface === null || below === null || Math.abs(surface - below) <= OTHER_BOOK) return false;
  // A label stuck on a spine has the spine around it, above as below; a book behind goes on up.
  const above = medianGray(gray, x0, x1, r.cy - t / 2 - 2 * t, r.cy - t / 2 - t);
  return above === null || Math.abs(above - surface) < Math.abs(above - below);
}

/** An interval this many typical spines wide, all its lines horizontal, is a stack of flat books. */
const STACK_WIDTH = 1.6;

/** A stack stands on the board: its lowest line sits in the bottom third of the row (a cover or a box lying on top of upright books does not). */
function restsOnShelf(indices: readonly number[], texts: readonly RotatedRect[], row: ShelfRow): boolean {
  const lowest = Math.max(...indices.map((i) => texts[i]!.cy + texts[i]!.thickness / 2));
  return lowest >= row.top + 0.67 * (row.bottom - row.top);
}

/**
 * The books of a flat stack, top to bottom: lines whose heights overlap (a title and its author
 * side by side) share a book; each book reaches halfway to its neighbours.
 */
function stackedBooks(indices: readonly number[], texts: readonly RotatedRect[], row: ShelfRow): { top: number; bottom: number; text: number[] }[] {
  const lines = indices
    .map((i) => ({ i, top: texts[i]!.cy - texts[i]!.thickness / 2, bottom: texts[i]!.cy + texts[i]!.thickness / 2 }))
    .sort((a, b) => a.top - b.top);
  const books: { top: number; bottom: number; text: number[] }[] = [];
  for (const l of lines) {
    const last = books[books.length - 1];
    const overlap = last ? Math.min(last.bottom, l.bottom) - Math.max(last.top, l.top) : 0;
    if (last && overlap > 0.5 * Math.min(last.bottom - last.top, l.bottom - l.top)) {
      last.top = Math.min(last.top, l.top);
      last.bottom = Math.max(last.bottom, l.bottom);
      last.text.push(l.i);
    } else {
      books.push({ top: l.top, bottom: l.bottom, text: [l.i] });
    }
  }
  return books.map((b, k) => {
    const above = books[k - 1];
    const below = books[k + 1];
    const pad = (b.bottom - b.top) / 2;
    return {
      top: Math.max(row.top, above ? (above.bottom + b.top) / 2 : b.top - pad),
      bottom: Math.min(row.bottom, below ? (b.bottom + below.top) / 2 : b.bottom + pad),
      text: b.text,
    };
  });
}

/**
 * Splits each shelf row into spines: near-vertical edge lines are the candidates, lines that would
 * cut a text line are refused (text never crosses a spine edge), horizontal text lines spanning
 * several strong edges are books lying flat.
 */
export function layoutSpines(
  vertical: Uint8Array,
  width: number,
  rows: readonly ShelfRow[],
  texts: readonly RotatedRect[],
  opts: LayoutOptions = {},
): SpineRegion[] {
  const minScore = opts.minBoundaryScore ?? 0.45;
  const spines: SpineRegion[] = [];
  const usedText = new Set<number>();
  rows.forEach((row, shelfIndex) => {
    const height = row.bottom - row.top;
    const mid = (row.top + row.bottom) / 2;
    const minGap = Math.max(4, (opts.minWidthFraction ?? 0.035) * height);
    const inRow = texts
      .map((r, i) => ({ r, i }))
      .filter(({ r, i }) => !usedText.has(i) && r.cy >= row.top && r.cy <= row.bottom);
    const profile = boundaryProfile(vertical, width, row, {});
    const strong = pickBoundaries(profile, minGap, minScore + 0.1, () => true, height / 2);
    const flat = new Set<number>();
    for (const { r, i } of inRow) {
      if (isVertical(r) || r.length < 3 * r.thickness) continue;
      const crossings = strong.filter((b) => cutsText(b, r, mid)).length;
      if (crossings >= 2) flat.add(i);
    }
    // Print on books behind the row neither stops a front spine's edge nor belongs to its text.
    const gray = opts.gray;
    const rowTexts = inRow.map(({ r }) => r);
    const behind = new Set(gray ? inRow.filter(({ r }) => behindTheRow(gray, r, row, rowTexts)).map(({ i }) => i) : []);
    const guards = inRow.filter(({ i }) => !flat.has(i) && !behind.has(i)).map(({ r }) => r);
    const lines = pickBoundaries(profile, minGap, minScore, (x, slope) => {
      const b: BoundaryLine = { x0: x, slope, score: 0 };
      return !guards.some((r) => cutsText(b, r, mid));
    }, height / 2);
    // Spines between consecutive boundaries; the frame edge closes a spine whose text lies outside.
    const uprightText = inRow.filter(({ i }) => !flat.has(i) && !behind.has(i));
    const left: BoundaryLine = { x0: 0, slope: 0, score: 0 };
    const right: BoundaryLine = { x0: width - 1, slope: 0, score: 0 };
    const firstLine = lines[0];
    const lastLine = lines[lines.length - 1];
    const edges: BoundaryLine[] = [...lines];
    if (!firstLine || uprightText.some(({ r }) => dxAt(firstLine, r.cx, r.cy, mid) < 0)) edges.unshift(left);
    if (!lastLine || uprightText.some(({ r }) => dxAt(lastLine, r.cx, r.cy, mid) > 0)) edges.push(right);
    const intervals: { a: BoundaryLine; b: BoundaryLine; text: number[] }[] = [];
    for (let k = 0; k + 1 < edges.length; k++) {
      const a = edges[k];
      const b = edges[k + 1];
      if (a && b) intervals.push({ a, b, text: [] });
    }
    for (const { r, i } of uprightText) {
      const slot = intervals.find(({ a, b }) => dxAt(a, r.cx, r.cy, mid) >= 0 && dxAt(b, r.cx, r.cy, mid) < 0);
      if (slot) slot.text.push(i);
    }
    const texted = intervals.filter((s) => s.text.length > 0).map((s) => s.b.x0 - s.a.x0).sort((p, q) => p - q);
    const typical = texted[Math.floor(texted.length / 2)] ?? height * 0.12;
    for (const s of intervals) {
      const w = s.b.x0 - s.a.x0;
      if (s.text.length === 0) {
        // A text-less spine needs two clear edges and a book-like width.
        const bordered = s.a.score >= minScore + 0.1 && s.b.score >= minScore + 0.1;
        if (!bordered || w > 1.3 * typical || w < 0.3 * typical) continue;
        if (isFramePost(vertical, width, row, s.a, s.b)) continue;
      }
      for (const i of s.text) usedText.add(i);
      if (w > STACK_WIDTH * typical && s.text.every((i) => !isVertical(texts[i]!)) && restsOnShelf(s.text, texts, row)) {
        // Wider than a spine, written across, resting on the shelf: books lying flat on each other.
        for (const book of stackedBooks(s.text, texts, row)) {
          spines.push({
            polygon: between(s.a, s.b, book.top, book.bottom, mid),
            shelfIndex,
            flat: true,
            textIndices: book.text,
            key: (book.top + book.bottom) / 2,
          });
        }
        continue;
      }
      spines.push({
        polygon: between(s.a, s.b, row.top, row.bottom, mid),
        shelfIndex,
        flat: false,
        textIndices: s.text,
        key: (boundaryX(s.a, mid, mid) + boundaryX(s.b, mid, mid)) / 2,
      });
    }
    for (const i of flat) {
      const r = texts[i];
      if (!r) continue;
      usedText.add(i);
      spines.push({
        polygon: rectCorners(r),
        shelfIndex,
        flat: true,
        textIndices: [i],
        key: r.cy,
      });
    }
  });
  spines.push(...flatOnTop(rows, texts, usedText));
  return spines;
}

/** Distance of a point from the long axis of a rect. */
function acrossAxis(r: RotatedRect, x: number, y: number): number {
  return Math.abs(-(x - r.cx) * r.uy + (y - r.cy) * r.ux);
}

/**
 * Books laid flat on top of a row of upright books sit above the row's band: long, thin
 * horizontal lines of ordinary print just above a row are their spines (lines on one height
 * belong to one book). Large print there is a cover or a box, not a spine.
 */
function flatOnTop(rows: readonly ShelfRow[], texts: readonly RotatedRect[], used: ReadonlySet<number>): SpineRegion[] {
  const thick = texts.map((r) => r.thickness).sort((a, b) => a - b);
  const ordinary = (thick[Math.floor(thick.length / 2)] ?? 0) * 1.6;
  const out: SpineRegion[] = [];
  rows.forEach((row, shelfIndex) => {
    const reach = 0.6 * (row.bottom - row.top);
    const lines = texts
      .map((r, i) => ({ r, i }))
      .filter(({ r, i }) => !used.has(i) && !isVertical(r) && r.length >= 5 * r.thickness && r.thickness <= ordinary)
      .filter(({ r }) => r.cy < row.top && r.cy >= row.top - reach && !rows.some((o) => r.cy >= o.top && r.cy <= o.bottom))
      .map(({ i }) => i);
    // One book's lines lie along one axis (the book may lie slightly askew): group by distance across it.
    const books: number[][] = [];
    for (const i of lines.sort((a, b) => texts[a]!.cx - texts[b]!.cx)) {
      const r = texts[i]!;
      const home = books.find((b) => b.some((j) => acrossAxis(texts[j]!, r.cx, r.cy) < 0.8 * Math.max(r.thickness, texts[j]!.thickness)));
      if (home) home.push(i);
      else books.push([i]);
    }
    for (const book of books) {
      const corners = book.flatMap((i) => rectCorners(texts[i]!));
      const pad = 0.3 * Math.max(...book.map((i) => texts[i]!.thickness));
      const [x0, x1] = [Math.min(...corners.map((p) => p[0])), Math.max(...corners.map((p) => p[0]))];
      const [y0, y1] = [Math.min(...corners.map((p) => p[1])) - pad, Math.max(...corners.map((p) => p[1])) + pad];
      out.push({
        polygon: [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
        ],
        shelfIndex,
        flat: true,
        textIndices: book,
        key: (y0 + y1) / 2,
      });
    }
  });
  return out;
}
