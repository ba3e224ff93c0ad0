import { analyseShelf, getOcrModels, type AnalyseProgress, type DetectedSpine } from './pipeline';

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
  /** Loads models up front, so a broken install fails at start and the first scan is not slow. */
  warmUp(): Promise<void>;
}

/** The real pipeline (spine detection + PP-OCR), models loaded once per process. */
export function pipelineAnalyser(opts: { threads: number }): ShelfAnalyser {
  return {
    analyse: (image, onSpine) => analyseShelf(image, { threads: opts.threads, onSpine }),
    warmUp: async () => {
      await getOcrModels({ threads: opts.threads });
    },
  };
}
