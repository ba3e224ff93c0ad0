import type { GrayImage } from './raster';

/** Linear stretch so the 1st..99th percentile range of the histogram maps onto 0..255. */
export function stretchContrast(gray: GrayImage): GrayImage {
  const hist = new Uint32Array(256);
  const d = gray.data;
  for (let i = 0; i < d.length; i++) hist[Math.max(0, Math.min(255, Math.round(d[i] ?? 0)))]! += 1;
  const lowCount = d.length * 0.01;
  const highCount = d.length * 0.99;
  let acc = 0;
  let lo = 0;
  let hi = 255;
  for (let v = 0; v < 256; v++) {
    acc += hist[v] ?? 0;
    if (acc <= lowCount) lo = v;
    if (acc < highCount) hi = v + 1;
  }
  const range = Math.max(16, hi - lo);
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Math.max(0, Math.min(255, (((d[i] ?? 0) - lo) * 255) / range));
  return { width: gray.width, height: gray.height, data: out };
}
