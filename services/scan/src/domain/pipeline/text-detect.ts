import * as ort from 'onnxruntime-node';
import { connectedComponents } from './connected-components';
import { convexHull, isVertical, minAreaRect, normaliseRect, rectContains, scaleRect, type RotatedRect } from './geometry';
import type { OcrModels } from './model-sessions';
import { resizeRgb } from './preprocess';
import type { RgbImage } from './raster';

export interface TextBox {
  /** Rotated rectangle in the coordinates of the image given to `detectText`. */
  readonly rect: RotatedRect;
  /** Mean DB probability inside the region. */
  readonly score: number;
}

export interface DetectOptions {
  /** Long side of the detector input (rounded to a multiple of 32). */
  readonly maxSide: number;
  /** Probability threshold for text pixels (DB `thresh`). */
  readonly binaryThreshold?: number;
  /** Minimum mean probability of a region (DB `box_thresh`). */
  readonly boxThreshold?: number;
  /** DB unclip ratio. */
  readonly unclipRatio?: number;
}

const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/** Default long side of the detector's image of the whole photo (`AnalyseOptions.detectMaxSide`). */
export const DETECT_MAX_SIDE = 1600;

/** Detector input size for an image: long side at most `maxSide`, both sides multiples of 32. */
export function detectorSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const ratio = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(32, Math.round((width * ratio) / 32) * 32),
    height: Math.max(32, Math.round((height * ratio) / 32) * 32),
  };
}

/**
 * PP-OCR (DB) text detection on a whole image: one rotated box per text line, in the coordinates
 * of `image`. The image is resized to the detector size unless it already has it.
 */
export async function detectText(models: OcrModels, image: RgbImage, opts: DetectOptions): Promise<TextBox[]> {
  const { width: dw, height: dh } = detectorSize(image.width, image.height, opts.maxSide);
  const small = dw === image.width && dh === image.height ? image : await resizeRgb(image, dw, dh);
  const plane = dw * dh;
  const input = new Float32Array(3 * plane);
  const d = small.data;
  // PaddleOCR feeds BGR channel order.
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    input[i] = ((d[j + 2] ?? 0) / 255 - MEAN[0]) / STD[0];
    input[plane + i] = ((d[j + 1] ?? 0) / 255 - MEAN[1]) / STD[1];
    input[2 * plane + i] = ((d[j] ?? 0) / 255 - MEAN[2]) / STD[2];
  }
  const feeds = { [models.det.inputNames[0] ?? 'x']: new ort.Tensor('float32', input, [1, 3, dh, dw]) };
  const result = await models.det.run(feeds);
  const out = result[models.det.outputNames[0] ?? ''];
  if (!out) throw new Error('detector returned no output');
  const prob = out.data as Float32Array;
  return probToBoxes(prob, dw, dh, image.width / dw, image.height / dh, opts);
}

/** The image turned 90° clockwise: pixel (x, y) moves to (height - 1 - y, x). */
export function turnClockwise(img: RgbImage): RgbImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const nx = h - 1 - y;
    for (let x = 0, i = y * w * 3; x < w; x++, i += 3) {
      const o = (x * h + nx) * 3;
      out[o] = data[i] ?? 0;
      out[o + 1] = data[i + 1] ?? 0;
      out[o + 2] = data[i + 2] ?? 0;
    }
  }
  return { width: h, height: w, data: out };
}

/** A rect found on the image turned clockwise, in the coordinates of the image before the turn. */
export function unturnRect(r: RotatedRect, heightBeforeTurn: number): RotatedRect {
  return normaliseRect({ cx: r.cy, cy: heightBeforeTurn - 1 - r.cx, ux: r.uy, uy: -r.ux, length: r.length, thickness: r.thickness });
}

/** `extra` boxes that neither sit inside a `kept` box nor hold one's centre (the same line found twice). */
function notFoundIn(extra: readonly TextBox[], kept: readonly TextBox[]): TextBox[] {
  return extra.filter(
    (e) => !kept.some((k) => rectContains(k.rect, e.rect.cx, e.rect.cy, 2) || rectContains(e.rect, k.rect.cx, k.rect.cy, 2)),
  );
}

/**
 * Text detection on the image turned 90° clockwise, boxes given in the coordinates of `image`.
 * PP-OCR's detector has learnt mostly horizontal text: on the turned photo the vertical titles of
 * upright spines are horizontal, and it finds them more completely and keeps a title and its
 * author apart instead of merging them into one box.
 */
export async function detectTextTurned(models: OcrModels, image: RgbImage, opts: DetectOptions): Promise<TextBox[]> {
  const { width: dw, height: dh } = detectorSize(image.width, image.height, opts.maxSide);
  const small = dw === image.width && dh === image.height ? image : await resizeRgb(image, dw, dh);
  const found = await detectText(models, turnClockwise(small), { ...opts, maxSide: Math.max(dw, dh) });
  const sx = image.width / dw;
  const sy = image.height / dh;
  return found.map((b) => ({ ...b, rect: scaleRect(unturnRect(b.rect, dh), sx, sy) }));
}

/**
 * One set of lines from an upright and a turned detection of the same image: vertical lines from
 * the turned pass, horizontal ones (books lying flat) from the upright pass, and a line only the
 * other pass found when it is not already there.
 */
export function mergeOrientations(upright: readonly TextBox[], turned: readonly TextBox[]): TextBox[] {
  const primary = [...turned.filter((b) => isVertical(b.rect)), ...upright.filter((b) => !isVertical(b.rect))];
  const others = [...upright.filter((b) => isVertical(b.rect)), ...turned.filter((b) => !isVertical(b.rect))];
  return [...primary, ...notFoundIn(others, primary)];
}

/** DB post-processing: threshold, components, min-area rectangles, unclip, back to image scale. */
export function probToBoxes(
  prob: Float32Array,
  width: number,
  height: number,
  sx: number,
  sy: number,
  opts: Pick<DetectOptions, 'binaryThreshold' | 'boxThreshold' | 'unclipRatio'>,
): TextBox[] {
  const thr = opts.binaryThreshold ?? 0.3;
  const boxThr = opts.boxThreshold ?? 0.5;
  const unclip = opts.unclipRatio ?? 1.6;
  const mask = new Uint8Array(prob.length);
  for (let i = 0; i < prob.length; i++) mask[i] = (prob[i] ?? 0) > thr ? 1 : 0;
  const comps = connectedComponents(mask, width, height, prob, 6);
  const boxes: TextBox[] = [];
  for (const c of comps) {
    const score = c.weightSum / c.area;
    if (score < boxThr) continue;
    const r = minAreaRect(convexHull(c.extremes));
    if (r.thickness < 2) continue;
    const dist = (r.length * r.thickness * unclip) / (2 * (r.length + r.thickness));
    const length = (r.length + 2 * dist);
    const thickness = (r.thickness + 2 * dist);
    // Scale to image coordinates (sx and sy are nearly equal; treat the box as a similarity transform).
    const ux = r.ux * sx;
    const uy = r.uy * sy;
    const un = Math.hypot(ux, uy);
    const vs = Math.hypot(-r.uy * sx, r.ux * sy);
    boxes.push({
      rect: {
        cx: r.cx * sx,
        cy: r.cy * sy,
        ux: ux / un,
        uy: uy / un,
        length: length * un,
        thickness: thickness * vs,
      },
      score,
    });
  }
  return boxes;
}
