import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sharpDecodable } from './heic';
import { canDecodeHevc } from './inspect-image';
import { PoisonedImageError } from './upright-copy';

const fixture = () => readFile(new URL('../../../test/fixtures/shelf.heic', import.meta.url));

describe('sharpDecodable', () => {
  it('turns an HEVC HEIC (as iPhones store photos) into a JPEG of the same size', async () => {
    const heic = await fixture();
    expect(await sharp(heic).metadata()).toMatchObject({ format: 'heif', compression: 'hevc' });
    const out = await sharpDecodable(heic, 40_000_000);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1200, 800]);
    // Decoded pixels, not a blank frame: the synthetic shelf has dark and light spines.
    const stats = await sharp(out).stats();
    expect(stats.channels[0]!.max - stats.channels[0]!.min).toBeGreaterThan(100);
  });

  it('passes every other photo through untouched', async () => {
    const jpeg = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    expect(await sharpDecodable(jpeg, 40_000_000)).toBe(jpeg);
  });

  it.skipIf(canDecodeHevc())('fails a HEIC over the pixel limit or cut short as a poisoned image, once and clearly', async () => {
    const heic = await fixture();
    await expect(sharpDecodable(heic, 1200 * 800 - 1)).rejects.toBeInstanceOf(PoisonedImageError);
    await expect(sharpDecodable(heic.subarray(0, Math.floor(heic.length * 0.6)), 40_000_000)).rejects.toBeInstanceOf(PoisonedImageError);
  });
});
