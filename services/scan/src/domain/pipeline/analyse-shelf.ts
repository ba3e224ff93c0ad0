import { estimateSkewDegrees, rotateImage } from './deskew';
import { rectCorners, scaleQuad, scaleRect, type Point, type Quad } from './geometry';
import { stretchContrast } from './contrast';
import { edgeMaps } from './gradients';
import { getOcrModels } from './model-sessions';
import { prepareImage, resizeRgb } from './preprocess';
import { toGray, type RgbImage } from './raster';
import { findShelfRows } from './shelf-rows';
import { mergeFragments } from './merge-fragments';
import { layoutSpines, type SpineRegion } from './spine-layout';
import { lookAgain } from './second-look';
import { readSpines, type SpineReading } from './spine-reading';
import { DETECT_MAX_SIDE, detectorSize, detectText, detectTextTurned, mergeOrientations, type TextBox } from './text-detect';
import type { AnalyseOptions, DetectedSpine, ShelfAnalysis } from './types';

/** Sobel |gx| (on a contrast-stretched 0..255 image) that counts as an edge. */
const EDGE_THRESHOLD = 56;
/** Spines are read in chunks so progress can be reported while recognition stays batched. */
const READ_CHUNK = 12;
/** Camera roll beyond which the photo is turned upright before spine detection. */
const SKEW_LIMIT_DEGREES = 8;
/** Default cap of the long side of the second, fine text detection on photos with small print. */
const FINE_DETECT_MAX_SIDE = 3200;
/** Text-box thickness (detector pixels, DB-unclipped) the fine detection aims for. */
const FINE_TARGET_THICKNESS = 32;
/**
 * Working image (line crops) of the fine pass: this much larger than its detector image. Crops
 * sampled from the sharper image read better (shelf-05: 87 -> 91 titles, at no recognition cost).
 */
const FINE_CROP_OVERSAMPLE = 1.5;

/**
 * Scale (vs the first detection) of a second, finer text detection, or 0 when the first one saw
 * text large enough. It runs when the median line is thinner than ~15 detector pixels (PP-OCR det
 * misses and merges lines of that size: dense shelves of thin paperbacks) and the photo has the
 * pixels to gain; it aims at a median line of FINE_TARGET_THICKNESS pixels.
 */
export function fineDetectRatio(thicknesses: readonly number[], detSide: number, originalSide: number, maxSide: number): number {
  if (thicknesses.length < 40 || maxSide <= detSide) return 0;
  const t = [...thicknesses].sort((a, b) => a - b);
  const median = t[Math.floor(t.length / 2)] ?? 0;
  if (median >= 15) return 0;
  const side = Math.min(maxSide, originalSide, (detSide * FINE_TARGET_THICKNESS) / Math.max(1, median));
  return side >= detSide * 1.25 ? side / detSide : 0;
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
  const workingMaxSide = opts.workingMaxSide ?? 2400;
  const detectMaxSide = opts.detectMaxSide ?? DETECT_MAX_SIDE;
  const mode = opts.textDetection ?? 'turned';
  const bothWays = mode === 'both';
  // 'turned': every pass on the turned photo; horizontal lines come from what it finds of them.
  const detectMain = (img: RgbImage, maxSide: number) => (mode === 'turned' ? detectTextTurned(models, img, { maxSide }) : detectText(models, img, { maxSide }));
  let prep = await prepareImage(image, workingMaxSide);
  let work = prep.image;
  let toSource = (p: Point): Point => p;
  let size = detectorSize(work.width, work.height, detectMaxSide);
  let detImage = await resizeRgb(work, size.width, size.height);
  const tDecode = performance.now();

  let boxes = await detectMain(detImage, Math.max(size.width, size.height));
  // A tilted camera: turn the photo so the spines stand upright, then detect again.
  const skew = estimateSkewDegrees(boxes.map((b) => b.rect));
  const turned = Math.abs(skew) >= SKEW_LIMIT_DEGREES;
  if (turned) {
    const r = await rotateImage(work, skew);
    work = r.image;
    toSource = r.toSource;
    size = detectorSize(work.width, work.height, detectMaxSide);
    detImage = await resizeRgb(work, size.width, size.height);
    boxes = await detectMain(detImage, Math.max(size.width, size.height));
  }
  // Small print (dense shelves of thin paperbacks): detect again at a higher resolution, from a
  // sharper working image, so the tiny lines are found and their crops have enough pixels.
  const fineRatio = fineDetectRatio(
    boxes.map((b) => b.rect.thickness),
    Math.max(size.width, size.height),
    Math.max(prep.originalWidth, prep.originalHeight),
    opts.fineDetectMaxSide ?? FINE_DETECT_MAX_SIDE,
  );
  if (fineRatio > 0) {
    const fineLong = Math.max(size.width, size.height) * fineRatio;
    const grow = (FINE_CROP_OVERSAMPLE * fineLong) / Math.max(work.width, work.height);
    if (grow > 1 && prep.scale > 1) {
      // Decode the photo again with enough pixels (the first decode was shrunk on load).
      const side = Math.min(Math.max(prep.originalWidth, prep.originalHeight), Math.ceil(Math.max(prep.image.width, prep.image.height) * grow));
      prep = await prepareImage(image, side);
      work = prep.image;
      if (turned) {
        const r = await rotateImage(work, skew);
        work = r.image;
        toSource = r.toSource;
      }
      size = detectorSize(work.width, work.height, detectMaxSide);
      detImage = await resizeRgb(work, size.width, size.height);
    }
    const fineSize = detectorSize(work.width, work.height, Math.min(Math.max(work.width, work.height), Math.round(Math.max(size.width, size.height) * fineRatio)));
    const fineImage = await resizeRgb(work, fineSize.width, fineSize.height);
    const fineOpts = { maxSide: Math.max(fineSize.width, fineSize.height) };
    const sx = size.width / fineSize.width;
    const sy = size.height / fineSize.height;
    const toDetector = (found: TextBox[]) => found.map((b) => ({ ...b, rect: scaleRect(b.rect, sx, sy) }));
    // Both ways, the fine pass runs turned only: the small print is on upright spines, and the
    // lines of books lying flat are large enough for the first pass.
    boxes = bothWays
      ? mergeOrientations(boxes, toDetector(await detectTextTurned(models, fineImage, fineOpts)))
      : toDetector(await detectMain(fineImage, fineOpts.maxSide));
  } else if (bothWays) {
    boxes = mergeOrientations(boxes, await detectTextTurned(models, detImage, { maxSide: Math.max(size.width, size.height) }));
  }
  const tDetect = performance.now();

  const gray = stretchContrast(toGray(detImage));
  const edges = edgeMaps(gray, EDGE_THRESHOLD);
  const rows = findShelfRows(edges.rowVerticalEnergy, edges.rowHorizontalEnergy);
  const regions = mergeFragments(
    layoutSpines(
      edges.vertical,
      edges.width,
      rows,
      boxes.map((b) => b.rect),
      { gray },
    ),
    detImage,
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
  opts.onTextBoxes?.(boxes.map((b) => clampQuad(toOriginal(rectCorners(b.rect)), prep.originalWidth, prep.originalHeight)));
  const spines: DetectedSpine[] = [];
  const readOpts = { orientation: opts.orientation ?? 'cls', minLineConfidence: opts.minLineConfidence ?? 0.6 } as const;
  for (let start = 0; start < regions.length; start += READ_CHUNK) {
    const chunk = regions.slice(start, start + READ_CHUNK);
    let readings: (SpineReading | undefined)[] = await readSpines(
      models,
      work,
      chunk.map((s) => ({ rects: s.textIndices.map((i) => boxes[i]).filter((b) => b !== undefined).map((b) => scaleRect(b.rect, wx, wy)) })),
      readOpts,
    );
    if (opts.secondLook ?? true) {
      // Upright spines left unread or read poorly: another look at each, cut out and enlarged.
      readings = await lookAgain(
        models,
        work,
        chunk.map((s) => scaleQuad(s.polygon, wx, wy)),
        readings,
        readOpts,
        { lookAt: chunk.map((s) => !s.flat) },
      );
    }
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
