import sharp from 'sharp';
import type { RgbImage } from './raster';

export interface PreparedImage {
  /** Size of the upright original (after EXIF orientation). */
  readonly originalWidth: number;
  readonly originalHeight: number;
  /** Working image used for OCR crops (metadata stripped, upright, RGB). */
  readonly image: RgbImage;
  /** working pixel * scale = original pixel. */
  readonly scale: number;
}

/**
 * Auto-orients from EXIF, drops alpha and metadata, and shrinks so the long side is at most
 * `maxSide` (never enlarges).
 */
export async function prepareImage(input: Buffer | Uint8Array, maxSide: number): Promise<PreparedImage> {
  const meta = await sharp(input, { failOn: 'error' }).metadata();
  const w0 = meta.width ?? 0;
  const h0 = meta.height ?? 0;
  if (w0 === 0 || h0 === 0) throw new Error('image has no size');
  const swapped = (meta.orientation ?? 1) >= 5;
  const originalWidth = swapped ? h0 : w0;
  const originalHeight = swapped ? w0 : h0;
  const scale = Math.max(1, Math.max(originalWidth, originalHeight) / maxSide);
  const width = Math.max(1, Math.round(originalWidth / scale));
  const height = Math.max(1, Math.round(originalHeight / scale));
  const { data, info } = await sharp(input, { failOn: 'error' })
    .rotate()
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3', fastShrinkOnLoad: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
  return {
    originalWidth,
    originalHeight,
    image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) },
    scale: originalWidth / info.width,
  };
}

/** Box-filter downscale of an RGB image by an integer-free factor (area average). */
export async function resizeRgb(img: RgbImage, width: number, height: number): Promise<RgbImage> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
