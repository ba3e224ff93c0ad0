import sharp from 'sharp';

/** The photo cannot be decoded: retrying will not help. */
export class PoisonedImageError extends Error {
  override name = 'PoisonedImageError';
}

/** Long side of the stored derivative. */
const DERIVATIVE_MAX_SIDE = 1600;

/**
 * Decodes the whole photo once (which is what proves it is not poisoned) and makes the derivative
 * we keep next to the original: turned upright from EXIF, shrunk, re-encoded with no metadata at
 * all (sharp drops EXIF, GPS, XMP and ICC unless asked to keep them).
 */
export async function uprightCopy(original: Buffer, maxPixels: number): Promise<Buffer> {
  try {
    return await sharp(original, { limitInputPixels: maxPixels, failOn: 'truncated' })
      .rotate()
      .resize(DERIVATIVE_MAX_SIDE, DERIVATIVE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: false })
      .toBuffer();
  } catch (err) {
    throw new PoisonedImageError(`The photo could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
  }
}
