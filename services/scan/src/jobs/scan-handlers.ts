import { MatchSpinesResult } from '@bookshelf/contracts';
import type { HandlerSet } from '@bookshelf/platform';
import type { ScanFinalizer } from '../domain/scan-finalizer';
import type { StuckScanSweeper } from '../domain/stuck-scan-sweeper';
import type { UserScansPurger } from '../domain/user-scans-purger';

/** The scan queue: finishing matched scans, re-sending stuck ones, purging a deleted account's scans. */
export function scanHandlers(finalizer: ScanFinalizer, purger: UserScansPurger, sweeper: StuckScanSweeper): HandlerSet {
  return {
    'scan.finalize': async ({ scanId }, { job, logger }) => {
      const values = Object.values((await job.getChildrenValues<unknown>()) ?? {});
      const failures = Object.values(await job.getIgnoredChildrenFailures());
      if (values.length === 0 && failures.length === 0) {
        // No spine carried readable text, so nothing was sent to the matcher.
        return { outcome: await finalizer.finalize(scanId, { spines: [] }, null) };
      }
      const parsed = MatchSpinesResult.safeParse(values[0]);
      if (!parsed.success) logger.error({ scanId, issues: parsed.error.message, failures }, 'no usable matching result');
      return { outcome: await finalizer.finalize(scanId, parsed.success ? parsed.data : null, failures[0] ?? null) };
    },
    'scan.requeue-stuck': async () => ({ requeued: await sweeper.sweep() }),
    'user.deleted': async ({ userId }, { meta, job }) => {
      await purger.purge(userId, meta.eventId ?? String(job.id));
    },
  };
}
