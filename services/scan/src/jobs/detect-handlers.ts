import { UnrecoverableError } from 'bullmq';
import type { HandlerSet } from '@bookshelf/platform';
import { PoisonedImageError } from '../domain/media/upright-copy';
import type { ScanDetector } from '../domain/scan-detector';

/** The scan-inference queue: one job, scan.detect. */
export function detectHandlers(detector: ScanDetector): HandlerSet {
  return {
    'scan.detect': async ({ scanId, userId }, { job, logger }) => {
      try {
        return { outcome: await detector.detect(scanId, userId) };
      } catch (err) {
        if (err instanceof PoisonedImageError) {
          // Fails once, clearly: the same bytes will not decode on a retry either.
          await detector.fail(scanId, 'unreadable_image', 'The photo could not be decoded');
          throw new UnrecoverableError(err.message);
        }
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (final) await detector.fail(scanId, 'processing_failed', 'The photo could not be processed');
        else logger.warn({ err, scanId, attempt: job.attemptsMade + 1 }, 'scan detection failed; will retry');
        throw err;
      }
    },
  };
}
