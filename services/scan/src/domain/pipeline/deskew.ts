import sharp from 'sharp';
import type { Point, RotatedRect } from './geometry';
import type { RgbImage } from './raster';

/**
 * Camera roll estimated from the text lines: spine text runs along the spine, so the
 * length-weighted median angle of long, near-vertical lines is the tilt of the books (degrees,
 * positive when the tops lean left, i.e. the photo must turn clockwise).
 */
export function estimateSkewDegrees(rects: readonly RotatedRect[]): number {
  const samples: { a: number; w: number }[] = [];
  for (const r of rects) {
    if (r.length < 3 * r.thickness) continue;
    const a = (Math.atan2(r.ux, r.uy) * 180) / Math.PI;
    if (Math.abs(a) < 60) samples.push({ a, w: r.length });
  }
  if (samples.length < 3) return 0;
  samples.sort((p, q) => p.a - q.a);
  const total = samples.reduce((s, x) => s + x.w, 0);
  let acc = 0;
  for (const s of samples) {
    acc += s.w;
    if (acc >= total / 2) return s.a;
  }
  return 0;
}

export interface RotatedImage {
  readonly image: RgbImage;
  /** Maps a point of the rotated image back to the source image. */
  readonly toSource: (p: Point) => Point;
}

/** Rotates clockwise by `degrees` on a grey canvas large enough to hold the whole photo. */
export async function rotateImage(img: RgbImage, degrees: number): Promise<RotatedImage> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .rotate(degrees, { background: { r: 128, g: 128, b: 128 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const t = (degrees * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const cx = img.width / 2;
  const cy = img.height / 2;
  const ncx = info.width / 2;
  const ncy = info.height / 2;
  return {
    image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) },
    toSource: ([x, y]) => {
      const dx = x - ncx;
      const dy = y - ncy;
      // Inverse of a clockwise screen rotation.
      return [cx + dx * c + dy * s, cy - dx * s + dy * c];
    },
  };
}
