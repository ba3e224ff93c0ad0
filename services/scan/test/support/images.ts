import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { generateShelf, SAMPLE_BOOKS } from '../../src/domain/synthetic';
import type { CatalogueBook } from './fake-library';

/** Titles the OCR reads reliably on synthetic spines; they double as the test catalogue. */
export const SHELF_BOOKS: CatalogueBook[] = SAMPLE_BOOKS.map((b) => ({ ...b }));

/** A photographed shelf (synthetic, with exact truth) as a JPEG. */
export async function shelfPhoto(books: CatalogueBook[] = SHELF_BOOKS, opts: { seed?: number; shelves?: number; width?: number; height?: number } = {}) {
  return generateShelf({
    books,
    seed: opts.seed ?? 7,
    width: opts.width ?? 1400,
    height: opts.height ?? 900,
    shelves: opts.shelves ?? 1,
    spineWidth: [70, 120],
    maxLeanDegrees: 0,
    format: 'jpeg',
  });
}

/**
 * The same shelf as a phone stores a portrait-held shot: pixels turned a quarter, with EXIF
 * orientation 6 (and a GPS position) saying how to turn them back upright.
 */
export async function sidewaysWithExif(upright: Buffer): Promise<Buffer> {
  return sharp(upright)
    .rotate(-90)
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 22/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 90 })
    .toBuffer();
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A decompression bomb: a valid, complete 1-bit PNG of side x side pixels whose blank rows
 * deflate to almost nothing (a 20 000² image is a few tens of kilobytes, 400 MP decoded).
 */
export function pngBomb(side = 20_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.alloc(1 + Math.ceil(side / 8));
  const raw = Buffer.alloc(row.length * side);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG whose header and trailer are fine but whose pixel data is garbage: it passes upload, never decodes. */
export async function poisonedPng(): Promise<Buffer> {
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
    .png({ compressionLevel: 9 })
    .toBuffer();
  const idat = png.indexOf('IDAT', 0, 'latin1');
  const length = png.readUInt32BE(idat - 4);
  const out = Buffer.from(png);
  out.fill(0xff, idat + 4 + 2, idat + 4 + Math.floor(length / 2));
  return out;
}

export const SVG_AS_JPEG = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>',
);
