import { promClient, registry } from '@bookshelf/platform';
import { analyseShelf, getOcrModels, warmUpModels, type AnalyseProgress, type DetectedSpine } from './pipeline';

const stageSeconds =
  (registry.getSingleMetric('scan_pipeline_stage_seconds') as promClient.Histogram | undefined) ??
  new promClient.Histogram({
    name: 'scan_pipeline_stage_seconds',
    help: 'Scan pipeline time per stage (decode, detect = text detection model, layout, read = recognition models, total)',
    labelNames: ['stage'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
    registers: [registry],
  });

export type { AnalyseProgress, DetectedSpine };

export interface ShelfReading {
  /** Upright size of the photo; polygons are in these pixels. */
  width: number;
  height: number;
  spines: readonly DetectedSpine[];
}

/** What the scan worker needs from the image pipeline: spines, in shelf order, as they are read. */
export interface ShelfAnalyser {
  analyse(image: Buffer, onSpine: (spine: DetectedSpine, progress: AnalyseProgress) => void): Promise<ShelfReading>;
  /**
   * Loads the models and runs each once on blank input, so a broken install fails at start and the
   * first scan does not pay for growing the inference memory arena (about 3x a normal run).
   */
  warmUp(): Promise<void>;
}

/** The real pipeline (spine detection + PP-OCR), models loaded once per process. */
export function pipelineAnalyser(opts: { threads: number }): ShelfAnalyser {
  return {
    analyse: async (image, onSpine) => {
      const result = await analyseShelf(image, { threads: opts.threads, onSpine });
      const t = result.timings;
      for (const [stage, ms] of [['decode', t.decodeMs], ['detect', t.detectMs], ['layout', t.layoutMs], ['read', t.readMs], ['total', t.totalMs]] as const) {
        stageSeconds.observe({ stage }, ms / 1000);
      }
      return result;
    },
    warmUp: async () => {
      await warmUpModels(await getOcrModels({ threads: opts.threads }));
    },
  };
}
