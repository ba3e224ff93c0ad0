import type { RotatedRect } from './geometry';
import { sampleRgb, type RgbImage } from './raster';

export interface LineCrop {
  /** Planar BGR float tensor data, normalised to [-1, 1], `3 * height * width`. */
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Samples a rotated text box into a horizontal line image of the given height, reading along the
 * box's long axis (`flip` reads it the other way round, i.e. turned by 180°).
 */
export function warpLine(image: RgbImage, rect: RotatedRect, height: number, maxWidth: number, flip: boolean): LineCrop {
  const aspect = rect.length / Math.max(1, rect.thickness);
  const width = Math.max(8, Math.min(maxWidth, Math.round(height * aspect)));
  const sign = flip ? -1 : 1;
  const ux = rect.ux * sign;
  const uy = rect.uy * sign;
  // v points from the top of the letters to their bottom.
  const vx = -uy;
  const vy = ux;
  const stepU = rect.length / width;
  const stepV = rect.thickness / height;
  const ox = rect.cx - (ux * rect.length) / 2 - (vx * rect.thickness) / 2;
  const oy = rect.cy - (uy * rect.length) / 2 - (vy * rect.thickness) / 2;
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  const px = new Float32Array(3);
  for (let y = 0; y < height; y++) {
    const bx = ox + vx * (y + 0.5) * stepV;
    const by = oy + vy * (y + 0.5) * stepV;
    for (let x = 0; x < width; x++) {
      const sx = bx + ux * (x + 0.5) * stepU;
      const sy = by + uy * (x + 0.5) * stepU;
      sampleRgb(image, sx - 0.5, sy - 0.5, px, 0);
      const i = y * width + x;
      data[i] = (px[2] ?? 0) / 127.5 - 1;
      data[plane + i] = (px[1] ?? 0) / 127.5 - 1;
      data[2 * plane + i] = (px[0] ?? 0) / 127.5 - 1;
    }
  }
  return { data, width, height };
}
