import type { ModelRepository } from '../../data/model-repository';
import type { TrainingDataRepository } from '../../data/training-data-repository';
import { LIKE_STRENGTH } from '../projections/signal-strength';
import { planBoundaries, splitByBoundaries } from './batch-plan';
import { fitInThread } from './fit-in-thread';
import type { FitInput, FitResult } from './fit-model';
import { modelSpecFor, type ModelChoice } from './model-choice';
import { newModelVersion } from './model-version';

export type Progress = (percent: number) => Promise<void>;

/** Starts the per-reader batches of a run and the step that completes it once they are done. */
export interface BatchFanOut {
  start(modelVersion: string, batches: string[][]): Promise<void>;
}

export interface BatchOutcome {
  readers: number;
  written: number;
  skipped: number;
  items: number;
}

export interface TrainingSettings {
  model: ModelChoice;
  batchReaders: number;
  keepModels: number;
}

/**
 * A training run: fit the configured model on every reader's implicit feedback, store it as a
 * new version, then fan out the per-reader list batches. Safe to retry: a training job
 * reuses the model and batch plan its first attempt stored.
 */
export class TrainingService {
  constructor(
    private readonly data: TrainingDataRepository,
    private readonly models: ModelRepository,
    private readonly fanOut: BatchFanOut,
    private readonly settings: TrainingSettings,
    /** Where the CPU-heavy fit runs: a worker thread by default, so the service stays responsive. */
    private readonly fitter: (input: FitInput) => Promise<FitResult> = fitInThread,
  ) {}

  async train(trainJobId: string, progress: Progress): Promise<{ modelVersion: string; readers: number; batches: number }> {
    const model = (await this.models.findByTrainJob(trainJobId)) ?? (await this.fit(trainJobId, progress));
    await progress(60);
    const readers = await this.data.liveReaderIds();
    const plan = await this.models.planBatches(model.version, planBoundaries(readers, this.settings.batchReaders));
    const batches = splitByBoundaries(readers, plan).filter((b) => b.length > 0);
    await this.fanOut.start(model.version, batches);
    await progress(100);
    return { modelVersion: model.version, readers: readers.length, batches: batches.length };
  }

  private async fit(trainJobId: string, progress: Progress) {
    const triples = await this.data.positives(LIKE_STRENGTH);
    await progress(10);
    const fitted = await this.fitter({
      spec: modelSpecFor(this.settings.model),
      triples: triples.map((t) => ({ userId: t.user_id, itemId: t.book_id, weight: t.weight })),
    });
    await progress(50);
    const blob = Buffer.from(fitted.blob.buffer, fitted.blob.byteOffset, fitted.blob.byteLength);
    return this.models.insertOnce({
      version: newModelVersion(fitted.kind),
      kind: fitted.kind,
      params: { name: fitted.name, ...fitted.params },
      metrics: {
        train: { readers: fitted.readers, books: fitted.books, interactions: fitted.interactions, fitMs: fitted.fitMs, bytes: blob.length },
      },
      blob,
      trainJobId,
    });
  }

  /** The run's parent step: record what the batches did and prune old models. */
  async finalize(modelVersion: string, outcomes: BatchOutcome[], failedBatches: number): Promise<Record<string, number>> {
    const sum = (k: keyof BatchOutcome) => outcomes.reduce((s, o) => s + o[k], 0);
    const run = {
      batches: outcomes.length + failedBatches,
      failedBatches,
      readers: sum('readers'),
      written: sum('written'),
      skipped: sum('skipped'),
      items: sum('items'),
    };
    await this.models.complete(modelVersion, { ...run, completedAt: new Date().toISOString() });
    await this.models.prune(this.settings.keepModels);
    return run;
  }
}
