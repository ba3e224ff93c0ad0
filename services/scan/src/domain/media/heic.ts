import decodeHeic from 'heic-decode';
import sharp, { type Metadata } from 'sharp';
import { canDecodeHevc } from './inspect-image';
import { PoisonedImageError } from './upright-copy';

/**
 * The photo in a form the stock sharp binaries decode. Every iPhone photo is an HEVC-coded HEIC,
 * and sharp's prebuilt libvips carries no HEVC decoder: those are decoded by libheif compiled to
 * WebAssembly (the heic-decode package, nothing native, nothing downloaded) and handed on as a
 * high-quality JPEG. libheif applies the file's rotation and mirroring, so the JPEG is upright and
 * carries no orientation to apply twice. Anything else passes through untouched.
 */
export async function sharpDecodable(original: Buffer, maxPixels: number): Promise<Buffer> {
  let meta: Metadata;
  try {
    meta = await sharp(original).metadata();
  } catch {
    return original; // not ours to judge here: the decoder that follows reports it
  }
  if (meta.format !== 'heif' || meta.compression !== 'hevc' || canDecodeHevc()) return original;
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > maxPixels) throw new PoisonedImageError(`The photo has ${pixels} pixels; at most ${maxPixels} are accepted`);
  try {
    const { width, height, data } = await decodeHeic({ buffer: original });
    return await sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } })
      .removeAlpha()
      .jpeg({ quality: 95 })
      .toBuffer();
  } catch (err) {
    throw new PoisonedImageError(`The HEIC photo could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
  }
}
