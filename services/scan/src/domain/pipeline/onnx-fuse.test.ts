import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { defaultModelDir } from './model-sessions';
import { fuseOnnxModel } from './onnx-fuse';

describe('fuseOnnxModel', () => {
  it('rewrites the hardswish chains of the orientation model without changing its output', async () => {
    const bytes = await readFile(path.join(defaultModelDir(), 'ch_ppocr_mobile_v2.0_cls_infer.onnx'));
    const { bytes: fused, stats } = fuseOnnxModel(bytes);
    expect(stats.hardSwish).toBeGreaterThan(10);
    const opts = { intraOpNumThreads: 1, graphOptimizationLevel: 'all' } as const;
    const [a, b] = await Promise.all([ort.InferenceSession.create(bytes, opts), ort.InferenceSession.create(fused, opts)]);
    let seed = 1;
    const x = Float32Array.from({ length: 2 * 3 * 48 * 192 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
    const run = async (s: ort.InferenceSession): Promise<Float32Array> =>
      (await s.run({ [s.inputNames[0] ?? 'x']: new ort.Tensor('float32', x, [2, 3, 48, 192]) }))[s.outputNames[0] ?? '']?.data as Float32Array;
    const [oa, ob] = await Promise.all([run(a), run(b)]);
    expect(ob.length).toBe(oa.length);
    oa.forEach((v, i) => expect(Math.abs(v - (ob[i] ?? NaN))).toBeLessThan(1e-4));
  });
});
