import sharp, { type Metadata } from 'sharp';
import { ValidationError } from '@bookshelf/platform';

export interface ImageHeader {
  /** Upright size (EXIF orientation applied). */
  width: number;
  height: number;
}

/**
 * Whether sharp itself decodes HEVC-coded HEIC (a libvips built with an HEVC decoder). The stock
 * binaries do not; the worker then decodes those photos with libheif in WebAssembly (heic.ts).
 */
export function canDecodeHevc(): boolean {
  return sharp.format.heif.input.fileSuffix?.includes('.heic') ?? false;
}

const unreadable = (message: string) => new ValidationError([{ path: 'image', message }], message);

/**
 * Reads only the image header: the size is known, and a pixel bomb refused, before any pixel
 * is decoded. Throws 422 for an unreadable or oversized image.
 */
export async function inspectImage(input: string | Buffer, maxPixels: number): Promise<ImageHeader> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: maxPixels, failOn: 'error' }).metadata();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(message)) throw unreadable(`The image has more than ${maxPixels} pixels`);
    throw unreadable('The image could not be read');
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw unreadable('The image has no size');
  if (width * height > maxPixels) throw unreadable(`The image has ${width * height} pixels; at most ${maxPixels} are accepted`);
  const swapped = (meta.orientation ?? 1) >= 5;
  return { width: swapped ? height : width, height: swapped ? width : height };
}
