import * as ort from 'onnxruntime-node';
import { ctcGreedyDecode, type DecodedText } from './ctc-decode';
import type { OcrModels } from './model-sessions';
import type { LineCrop } from './warp-crop';

export const REC_HEIGHT = 48;

/**
 * Recognises many line crops (all REC_HEIGHT tall). A line is padded on the right to a multiple of
 * 8 pixels and read with others only when they pad to the same width: the recogniser mixes
 * information along the whole line, so padding a line to a wider neighbour's width changed how it
 * was read, and a spine's reading then depended on which other lines shared its batch. (On CPU a
 * batch is no faster per column than single lines, so little is lost.)
 */
export async function recogniseLines(models: OcrModels, crops: readonly LineCrop[], batchSize = 16): Promise<DecodedText[]> {
  const padded = (k: number | undefined): number => Math.ceil((crops[k ?? 0]?.width ?? 0) / 8) * 8;
  const order = crops.map((c, i) => i).sort((a, b) => (crops[a]?.width ?? 0) - (crops[b]?.width ?? 0));
  const results: DecodedText[] = new Array<DecodedText>(crops.length);
  const inputName = models.rec.inputNames[0] ?? 'x';
  const outputName = models.rec.outputNames[0] ?? '';
  let i = 0;
  while (i < order.length) {
    let j = i + 1;
    while (j < order.length && j - i < batchSize && padded(order[j]) === padded(order[i])) j++;
    const idx = order.slice(i, j);
    const w = padded(idx[0]);
    const h = REC_HEIGHT;
    const batch = new Float32Array(idx.length * 3 * h * w);
    idx.forEach((k, b) => {
      const c = crops[k];
      if (!c) return;
      for (let ch = 0; ch < 3; ch++) {
        for (let y = 0; y < h; y++) {
          const src = ch * c.height * c.width + y * c.width;
          const dst = ((b * 3 + ch) * h + y) * w;
          batch.set(c.data.subarray(src, src + c.width), dst);
        }
      }
    });
    const out = (await models.rec.run({ [inputName]: new ort.Tensor('float32', batch, [idx.length, 3, h, w]) }))[outputName];
    if (!out) throw new Error('recogniser returned no output');
    const [, steps = 0, classes = 0] = out.dims;
    const probs = out.data as Float32Array;
    idx.forEach((k, b) => {
      results[k] = ctcGreedyDecode(probs, steps, classes, models.charset, b * steps * classes);
    });
    i = j;
  }
  return results;
}

/**
 * Orientation classifier (PP-OCR cls): probability that each crop is upside down.
 * Crops are squeezed or padded to 48x192 as the model expects.
 */
export async function classifyUpsideDown(models: OcrModels, crops: readonly LineCrop[]): Promise<number[]> {
  if (crops.length === 0) return [];
  const h = 48;
  const w = 192;
  const batch = new Float32Array(crops.length * 3 * h * w);
  crops.forEach((c, b) => {
    const cw = Math.min(w, c.width);
    for (let ch = 0; ch < 3; ch++) {
      for (let y = 0; y < h; y++) {
        const sy = Math.min(c.height - 1, Math.floor((y * c.height) / h));
        for (let x = 0; x < cw; x++) {
          const sx = c.width <= w ? x : Math.min(c.width - 1, Math.floor((x * c.width) / w));
          batch[((b * 3 + ch) * h + y) * w + x] = c.data[ch * c.height * c.width + sy * c.width + sx] ?? 0;
        }
      }
    }
  });
  const out = (await models.cls.run({ [models.cls.inputNames[0] ?? 'x']: new ort.Tensor('float32', batch, [crops.length, 3, h, w]) }))[
    models.cls.outputNames[0] ?? ''
  ];
  if (!out) throw new Error('classifier returned no output');
  const p = out.data as Float32Array;
  return crops.map((_, b) => p[b * 2 + 1] ?? 0);
}
