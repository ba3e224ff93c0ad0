import type { ImageMediaType } from './image-type';

/** Random access to an upload without holding all of it in memory. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

/** The end of the file that has to hold the final markers. */
const TAIL_BYTES = 1024 * 1024;

async function tail(src: ByteSource): Promise<Buffer> {
  const start = Math.max(0, src.size - TAIL_BYTES);
  return src.read(start, src.size - start);
}

/**
 * JPEG: an EOI marker (FFD9) after the last start-of-scan (FFDA). Entropy-coded data never
 * contains FFD9 or FFDA (0xFF is byte-stuffed there), so a cut-off photo has no EOI after its
 * last scan, even when an embedded thumbnail has its own EOI earlier on.
 */
async function jpegComplete(src: ByteSource): Promise<boolean> {
  const t = await tail(src);
  const eoi = t.lastIndexOf(Buffer.from([0xff, 0xd9]));
  const sos = t.lastIndexOf(Buffer.from([0xff, 0xda]));
  return eoi >= 0 && eoi > sos;
}

/** PNG: the IEND chunk is there. */
async function pngComplete(src: ByteSource): Promise<boolean> {
  return (await tail(src)).lastIndexOf(Buffer.from('IEND', 'latin1')) >= 0;
}

/** WebP: the RIFF container holds as many bytes as its header says. */
async function webpComplete(src: ByteSource): Promise<boolean> {
  const head = await src.read(0, 8);
  return head.length === 8 && head.readUInt32LE(4) + 8 <= src.size;
}

/** HEIF: every top-level ISO-BMFF box fits inside the file. */
async function heifComplete(src: ByteSource): Promise<boolean> {
  let offset = 0;
  for (let boxes = 0; offset < src.size; boxes++) {
    if (boxes > 10_000 || src.size - offset < 8) return false;
    const h = await src.read(offset, 16);
    let size = h.readUInt32BE(0);
    if (size === 1) {
      if (h.length < 16) return false;
      size = Number(h.readBigUInt64BE(8));
    } else if (size === 0) {
      return true; // the last box runs to the end of the file
    }
    if (size < 8 || offset + size > src.size) return false;
    offset += size;
  }
  return offset === src.size;
}

/** False when the upload was cut off (a truncated transfer or file). */
export function isCompleteImage(type: ImageMediaType, src: ByteSource): Promise<boolean> {
  switch (type) {
    case 'image/jpeg':
      return jpegComplete(src);
    case 'image/png':
      return pngComplete(src);
    case 'image/webp':
      return webpComplete(src);
    case 'image/heif':
      return heifComplete(src);
  }
}

/** A ByteSource over a buffer (tests, small images). */
export function bufferSource(buf: Buffer): ByteSource {
  return { size: buf.length, read: async (offset, length) => buf.subarray(offset, offset + length) };
}
