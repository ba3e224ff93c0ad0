import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bufferSource, isCompleteImage } from './completeness';

const photo = sharp({ create: { width: 320, height: 240, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
const cut = (b: Buffer) => b.subarray(0, Math.floor(b.length * 0.6));

describe('isCompleteImage', () => {
  it('accepts whole files, including bytes after a JPEG end marker', async () => {
    const jpeg = await photo.clone().jpeg().toBuffer();
    expect(await isCompleteImage('image/jpeg', bufferSource(jpeg))).toBe(true);
    expect(await isCompleteImage('image/jpeg', bufferSource(Buffer.concat([jpeg, Buffer.from('trailer')])))).toBe(true);
    expect(await isCompleteImage('image/png', bufferSource(await photo.clone().png().toBuffer()))).toBe(true);
    expect(await isCompleteImage('image/webp', bufferSource(await photo.clone().webp().toBuffer()))).toBe(true);
    expect(await isCompleteImage('image/heif', bufferSource(await photo.clone().avif().toBuffer()))).toBe(true);
  });

  it('spots files cut short', async () => {
    expect(await isCompleteImage('image/jpeg', bufferSource(cut(await photo.clone().jpeg().toBuffer())))).toBe(false);
    expect(await isCompleteImage('image/jpeg', bufferSource(cut(await photo.clone().jpeg({ progressive: true }).toBuffer())))).toBe(false);
    expect(await isCompleteImage('image/png', bufferSource(cut(await photo.clone().png().toBuffer())))).toBe(false);
    expect(await isCompleteImage('image/webp', bufferSource(cut(await photo.clone().webp().toBuffer())))).toBe(false);
    expect(await isCompleteImage('image/heif', bufferSource(cut(await photo.clone().avif().toBuffer())))).toBe(false);
  });

  it('is not fooled by an embedded thumbnail end marker', async () => {
    const thumb = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } }).jpeg().toBuffer();
    const main = await photo.clone().jpeg().toBuffer();
    // APP1 segment carrying a complete JPEG (as EXIF thumbnails do), then the main image, cut.
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(thumb.length + 2) >> 8, (thumb.length + 2) & 0xff]), thumb]);
    const withThumb = Buffer.concat([main.subarray(0, 2), app1, main.subarray(2)]);
    expect(await isCompleteImage('image/jpeg', bufferSource(withThumb))).toBe(true);
    expect(await isCompleteImage('image/jpeg', bufferSource(withThumb.subarray(0, withThumb.length - 200)))).toBe(false);
  });
});
