import type { Quad } from './geometry';
import { sampleRgb, type RgbImage } from './raster';
import type { SpineRegion } from './spine-layout';

/** RGB distance under which two neighbouring strips are taken for one spine's colour. */
const SAME_COLOUR = 35;
/** A merged spine may not grow wider than this many typical (texted) spine widths. */
const MAX_WIDTH = 1.6;
/**
 * Text-less strips narrower than this many typical spine widths are slivers: two of the same colour
 * side by side are one spine that edges inside it split (the lines of a title the detector missed).
 */
const SLIVER = 0.75;

/**
 * Colour of the middle of a spine strip (its central 60 % in both directions): the per-channel
 * median, so the letters of a title do not pull it towards their own colour.
 */
export function stripColour(img: RgbImage, q: Quad): [number, number, number] {
  const [tl, tr, br, bl] = q;
  const px = new Float32Array(3);
  const r: number[] = [];
  const g: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 7; i++) {
    const v = 0.2 + (0.6 * i) / 6;
    for (let j = 0; j < 5; j++) {
      const u = 0.2 + (0.6 * j) / 4;
      const x = (1 - v) * ((1 - u) * tl[0] + u * tr[0]) + v * ((1 - u) * bl[0] + u * br[0]);
      const y = (1 - v) * ((1 - u) * tl[1] + u * tr[1]) + v * ((1 - u) * bl[1] + u * br[1]);
      sampleRgb(img, x, y, px, 0);
      r.push(px[0] ?? 0);
      g.push(px[1] ?? 0);
      b.push(px[2] ?? 0);
    }
  }
  const median = (xs: number[]) => xs.sort((p, q) => p - q)[xs.length >> 1] ?? 0;
  return [median(r), median(g), median(b)];
}

const width = (q: Quad): number => (q[1][0] - q[0][0] + q[2][0] - q[3][0]) / 2;

/**
 * Edges inside a spine (a band of artwork, the border of a sticker, the strokes of a title the
 * detector missed) split it into strips without text next to the strip that carries the title. A
 * text-less strip whose colour matches a texted neighbour's is folded into it, and so is a text-less
 * sliver into a text-less sliver neighbour of its colour, as long as the merged spine keeps a book's
 * width. Strips of a colour of their own stay: they are books whose text could not be read.
 */
export function mergeFragments(regions: readonly SpineRegion[], img: RgbImage): SpineRegion[] {
  const out: SpineRegion[] = [];
  const shelves = new Map<number, SpineRegion[]>();
  for (const r of regions) {
    if (r.flat) out.push(r);
    else shelves.set(r.shelfIndex, [...(shelves.get(r.shelfIndex) ?? []), r]);
  }
  for (const row of shelves.values()) {
    const spines = row.map((r) => ({ r, colour: stripColour(img, r.polygon) })).sort((a, b) => a.r.key - b.r.key);
    const texted = spines.filter((s) => s.r.textIndices.length > 0).map((s) => width(s.r.polygon)).sort((a, b) => a - b);
    const typical = texted[Math.floor(texted.length / 2)] ?? Infinity;
    // Without texted spines in the row there is no width to call a sliver.
    const sliver = (q: Quad) => Number.isFinite(typical) && width(q) < SLIVER * typical;
    let merged = true;
    while (merged) {
      merged = false;
      for (let i = 0; i < spines.length && !merged; i++) {
        const s = spines[i]!;
        if (s.r.textIndices.length > 0) continue;
        const options = [spines[i - 1], spines[i + 1]]
          .filter((n) => n !== undefined && (n.r.textIndices.length > 0 || (sliver(n.r.polygon) && sliver(s.r.polygon))))
          .map((n) => ({ n: n!, d: Math.hypot(n!.colour[0] - s.colour[0], n!.colour[1] - s.colour[1], n!.colour[2] - s.colour[2]) }))
          .filter(({ n, d }) => d < SAME_COLOUR && width(n.r.polygon) + width(s.r.polygon) <= MAX_WIDTH * typical)
          .sort((a, b) => a.d - b.d);
        const best = options[0]?.n;
        if (!best) continue;
        const [left, right] = best.r.key < s.r.key ? [best.r, s.r] : [s.r, best.r];
        const polygon: Quad = [left.polygon[0], right.polygon[1], right.polygon[2], left.polygon[3]];
        best.r = { ...best.r, polygon, key: (left.key + right.key) / 2 };
        spines.splice(i, 1);
        merged = true;
      }
    }
    out.push(...spines.map((s) => s.r));
  }
  return out;
}
