import type { ScanImage } from '@bookshelf/contracts';

export type ImageMediaType = ScanImage['mediaType'];

/** Brands of the ISO-BMFF `ftyp` box that mean a HEIF still image (HEIC, generic HEIF, AVIF). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);

/** Bytes needed to recognise every supported type. */
export const SNIFF_BYTES = 64;

/**
 * The type an upload really is, from its first bytes; what the client claims is never asked.
 * null for anything else (SVG, GIF, TIFF, PDF, text…).
 */
export function sniffImageType(head: Uint8Array): ImageMediaType | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp') {
    const size = b.readUInt32BE(0);
    const end = Math.min(b.length, size >= 16 ? size : 16);
    // Major brand, then compatible brands (after the 4-byte minor version).
    const brands = [b.toString('latin1', 8, 12)];
    for (let o = 16; o + 4 <= end; o += 4) brands.push(b.toString('latin1', o, o + 4));
    if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'image/heif';
  }
  return null;
}
