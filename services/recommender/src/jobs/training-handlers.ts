import { z } from 'zod';
import type { HandlerSet } from '@bookshelf/platform';
import type { ListBuilder } from '../domain/training/list-builder';
import type { TrainingService } from '../domain/training/training-service';

/** What each recs.train-batch child returns to its parent. */
const BatchOutcome = z.object({
  readers: z.number(),
  written: z.number(),
  skipped: z.number(),
  items: z.number(),
});

/** The training run (scheduler → train → batches → finalize) and per-reader refreshes. */
export function trainingHandlers(training: TrainingService, lists: ListBuilder): HandlerSet {
  return {
    'recs.train': (_p, ctx) => training.train(ctx.job.id!, (pct) => ctx.job.updateProgress(pct)),
    'recs.train-batch': (p, ctx) =>
      lists.runBatch(p.modelVersion, p.userIds, (pct) => ctx.job.updateProgress(pct), ctx.signal),
    'recs.train-finalize': async (p, ctx) => {
      const values = await ctx.job.getChildrenValues();
      const failed = await ctx.job.getIgnoredChildrenFailures();
      const outcomes = Object.values(values).map((v) => BatchOutcome.parse(v));
      return training.finalize(p.modelVersion, outcomes, Object.keys(failed).length);
    },
    'recs.refresh-user': (p) => lists.refreshReader(p.userId),
  };
}
