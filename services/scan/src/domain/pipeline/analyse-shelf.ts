import { estimateSkewDegrees, rotateImage } from './deskew';
import type { Point, Quad, RotatedRect } from './geometry';
import { stretchContrast } from './contrast';
import { edgeMaps } from './gradients';
import { getOcrModels } from './model-sessions';
import { prepareImage, resizeRgb } from './preprocess';
import { toGray } from './raster';
import { findShelfRows } from './shelf-rows';
import { layoutSpines, type SpineRegion } from './spine-layout';
import { readSpines } from './spine-reading';
import { detectorSize, detectText } from './text-detect';
import type { AnalyseOptions, DetectedSpine, ShelfAnalysis } from './types';

/** Sobel |gx| (on a contrast-stretched 0..255 image) that counts as an edge. */
const EDGE_THRESHOLD = 56;
/** Spines are read in chunks so progress can be reported while recognition stays batched. */
const READ_CHUNK = 12;
/** Camera roll beyond which the photo is turned upright before spine detection. */
const SKEW_LIMIT_DEGREES = 8;

function scaleRect(r: RotatedRect, sx: number, sy: number): RotatedRect {
  const ux = r.ux * sx;
  const uy = r.uy * sy;
  const n = Math.hypot(ux, uy) || 1;
  return {
    cx: r.cx * sx,
    cy: r.cy * sy,
    ux: ux / n,
    uy: uy / n,
    length: r.length * n,
    thickness: r.thickness * Math.hypot(-r.uy * sx, r.ux * sy),
  };
}

function clampQuad(q: Quad, w: number, h: number): Quad {
  const c = (p: readonly [number, number]): [number, number] => [
    Math.round(Math.max(0, Math.min(w, p[0]))),
    Math.round(Math.max(0, Math.min(h, p[1]))),
  ];
  return [c(q[0]), c(q[1]), c(q[2]), c(q[3])];
}

/** Shelf order: shelf by shelf, upright books left to right, then flat books top to bottom. */
function shelfOrder(a: SpineRegion, b: SpineRegion): number {
  if (a.shelfIndex !== b.shelfIndex) return a.shelfIndex - b.shelfIndex;
  if (a.flat !== b.flat) return a.flat ? 1 : -1;
  return a.key - b.key;
}

/**
 * Finds every book spine on a shelf photo, orders them along the shelves and reads their text.
 * Pure computation: no I/O besides loading the ONNX models once per process.
 */
export async function analyseShelf(image: Buffer | Uint8Array, opts: AnalyseOptions = {}): Promise<ShelfAnalysis> {
  const models = await getOcrModels({
    ...(opts.modelDir ? { modelDir: opts.modelDir } : {}),
    threads: opts.threads ?? 2,
    fuse: opts.fuseModels ?? true,
  });
  const tModels = performance.now();
  const prep = await prepareImage(image, opts.workingMaxSide ?? 2400);
  const detectMaxSide = opts.detectMaxSide ?? 1600;
  let work = prep.image;
  let toSource = (p: Point): Point => p;
  let size = detectorSize(work.width, work.height, detectMaxSide);
  let detImage = await resizeRgb(work, size.width, size.height);
  const tDecode = performance.now();

  let boxes = await detectText(models, detImage, { maxSide: Math.max(size.width, size.height) });
  // A tilted camera: turn the photo so the spines stand upright, then detect again.
  const skew = estimateSkewDegrees(boxes.map((b) => b.rect));
  if (Math.abs(skew) >= SKEW_LIMIT_DEGREES) {
    const turned = await rotateImage(work, skew);
    work = turned.image;
    toSource = turned.toSource;
    size = detectorSize(work.width, work.height, detectMaxSide);
    detImage = await resizeRgb(work, size.width, size.height);
    boxes = await detectText(models, detImage, { maxSide: Math.max(size.width, size.height) });
  }
  const tDetect = performance.now();

  const edges = edgeMaps(stretchContrast(toGray(detImage)), EDGE_THRESHOLD);
  const rows = findShelfRows(edges.rowVerticalEnergy, edges.rowHorizontalEnergy);
  const regions = layoutSpines(
    edges.vertical,
    edges.width,
    rows,
    boxes.map((b) => b.rect),
  ).sort(shelfOrder);
  const tLayout = performance.now();

  // Detector pixels -> working pixels -> original pixels.
  const wx = work.width / size.width;
  const wy = work.height / size.height;
  const toOriginal = (q: Quad): Quad => {
    const m = (p: Point): Point => {
      const [x, y] = toSource([p[0] * wx, p[1] * wy]);
      return [x * prep.scale, y * prep.scale];
    };
    return [m(q[0]), m(q[1]), m(q[2]), m(q[3])];
  };
  const spines: DetectedSpine[] = [];
  for (let start = 0; start < regions.length; start += READ_CHUNK) {
    const chunk = regions.slice(start, start + READ_CHUNK);
    const readings = await readSpines(
      models,
      work,
      chunk.map((s) => ({ rects: s.textIndices.map((i) => boxes[i]).filter((b) => b !== undefined).map((b) => scaleRect(b.rect, wx, wy)) })),
      { orientation: opts.orientation ?? 'cls', minLineConfidence: opts.minLineConfidence ?? 0.6 },
    );
    chunk.forEach((s, k) => {
      const reading = readings[k] ?? { texts: [], text: '', confidence: 0 };
      const spine: DetectedSpine = {
        polygon: clampQuad(toOriginal(s.polygon), prep.originalWidth, prep.originalHeight),
        order: spines.length + 1,
        shelfIndex: s.shelfIndex,
        flat: s.flat,
        texts: reading.texts,
        text: reading.text,
        confidence: reading.confidence,
      };
      spines.push(spine);
      opts.onSpine?.(spine, { done: spines.length, total: regions.length });
    });
  }
  const tRead = performance.now();
  return {
    width: prep.originalWidth,
    height: prep.originalHeight,
    spines,
    timings: {
      decodeMs: Math.round(tDecode - tModels),
      detectMs: Math.round(tDetect - tDecode),
      layoutMs: Math.round(tLayout - tDetect),
      readMs: Math.round(tRead - tLayout),
      totalMs: Math.round(tRead - tModels),
    },
  };
}
