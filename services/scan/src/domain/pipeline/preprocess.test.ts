import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareImage } from './preprocess';

describe('prepareImage', () => {
  it('turns an EXIF orientation-6 JPEG upright and strips metadata', async () => {
    // Upright scene: 200 wide, 100 tall, red left half, blue right half.
    const upright = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#0000ff' } })
      .composite([{ input: { create: { width: 100, height: 100, channels: 3, background: '#ff0000' } }, left: 0, top: 0 }])
      .png()
      .toBuffer();
    // Store it the way a phone held sideways does: pixels rotated -90°, orientation tag 6.
    const stored = await sharp(upright).rotate(-90).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([100, 200, 6]);

    const prep = await prepareImage(stored, 1000);
    expect([prep.originalWidth, prep.originalHeight]).toEqual([200, 100]);
    expect([prep.image.width, prep.image.height]).toEqual([200, 100]);
    const px = (x: number, y: number): number[] => Array.from(prep.image.data.subarray((y * 200 + x) * 3, (y * 200 + x) * 3 + 3));
    const [lr, , lb] = px(20, 50);
    const [rr, , rb] = px(180, 50);
    expect(lr).toBeGreaterThan(200);
    expect(lb).toBeLessThan(60);
    expect(rb).toBeGreaterThan(200);
    expect(rr).toBeLessThan(60);
  });

  it('shrinks to the working size and keeps the scale back to the original', async () => {
    const big = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const prep = await prepareImage(big, 1200);
    expect([prep.image.width, prep.image.height]).toEqual([1200, 600]);
    expect(prep.scale).toBeCloseTo(2.5, 5);
  });
});
