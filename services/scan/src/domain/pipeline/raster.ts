/** Interleaved 8-bit RGB image held in memory. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Single-channel float image (luma, gradients, probability maps). */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export function toGray(img: RgbImage): GrayImage {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  const d = img.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[i] = 0.299 * (d[j] ?? 0) + 0.587 * (d[j + 1] ?? 0) + 0.114 * (d[j + 2] ?? 0);
  }
  return { width: img.width, height: img.height, data: out };
}

/** Bilinear sample of one channel at a fractional position, clamped to the border. */
export function sampleRgb(img: RgbImage, x: number, y: number, out: Float32Array, offset: number): void {
  const w = img.width;
  const h = img.height;
  const cx = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
  const cy = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = x0 + 1 < w ? x0 + 1 : x0;
  const y1 = y0 + 1 < h ? y0 + 1 : y0;
  const fx = cx - x0;
  const fy = cy - y0;
  const d = img.data;
  const i00 = (y0 * w + x0) * 3;
  const i01 = (y0 * w + x1) * 3;
  const i10 = (y1 * w + x0) * 3;
  const i11 = (y1 * w + x1) * 3;
  for (let c = 0; c < 3; c++) {
    const top = (d[i00 + c] ?? 0) * (1 - fx) + (d[i01 + c] ?? 0) * fx;
    const bottom = (d[i10 + c] ?? 0) * (1 - fx) + (d[i11 + c] ?? 0) * fx;
    out[offset + c] = top * (1 - fy) + bottom * fy;
  }
}
