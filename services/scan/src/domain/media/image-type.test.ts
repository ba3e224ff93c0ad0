import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from './image-type';

const tiny = sharp({ create: { width: 8, height: 6, channels: 3, background: '#336699' } });

function ftyp(major: string, compatible: string[]): Buffer {
  const body = Buffer.concat([Buffer.from(major, 'latin1'), Buffer.alloc(4), ...compatible.map((b) => Buffer.from(b, 'latin1'))]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + body.length);
  return Buffer.concat([size, Buffer.from('ftyp', 'latin1'), body, Buffer.alloc(32)]);
}

describe('sniffImageType', () => {
  it('recognises real JPEG, PNG, WebP and HEIF (AVIF) encodings', async () => {
    expect(sniffImageType(await tiny.clone().jpeg().toBuffer())).toBe('image/jpeg');
    expect(sniffImageType(await tiny.clone().png().toBuffer())).toBe('image/png');
    expect(sniffImageType(await tiny.clone().webp().toBuffer())).toBe('image/webp');
    expect(sniffImageType(await tiny.clone().avif().toBuffer())).toBe('image/heif');
  });

  it('recognises HEIC by major or compatible brand', () => {
    expect(sniffImageType(ftyp('heic', ['mif1', 'heic']))).toBe('image/heif');
    expect(sniffImageType(ftyp('isom', ['mif1']))).toBe('image/heif');
  });

  it('refuses what merely claims to be an image', async () => {
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniffImageType(Buffer.from('<?xml version="1.0"?><svg/>'))).toBeNull();
    expect(sniffImageType(await tiny.clone().gif().toBuffer())).toBeNull();
    expect(sniffImageType(await tiny.clone().tiff().toBuffer())).toBeNull();
    expect(sniffImageType(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(sniffImageType(ftyp('isom', ['mp41', 'avc1']))).toBeNull(); // an MP4 video
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });
});
