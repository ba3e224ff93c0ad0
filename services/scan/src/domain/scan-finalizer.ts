import type { Logger } from '@bookshelf/platform';
import type { MatchSpinesResult } from '@bookshelf/contracts';
import type { ProcessingRepository } from '../data/processing-repository';
import type { ScanEvents } from './ports';

/**
 * scan.finalize: the library answered (or gave up on) matching. Candidates and the suggested
 * book are stored per detection and the scan is done, once.
 */
export class ScanFinalizer {
  constructor(
    private readonly processing: ProcessingRepository,
    private readonly events: ScanEvents,
    private readonly logger: Logger,
  ) {}

  /** `result` is null when matching failed for good. */
  async finalize(scanId: string, result: MatchSpinesResult | null, failure: string | null): Promise<'done' | 'failed' | 'skipped'> {
    if (!result) {
      const message = 'The spines could not be matched against the catalogue';
      this.logger.warn({ scanId, failure }, 'matching failed');
      if (!(await this.processing.markFailed(scanId, 'matching_failed', message))) return 'skipped';
      await this.events.publish(scanId, { type: 'failed', data: { scanId, failure: { code: 'matching_failed', message } } });
      return 'failed';
    }
    const stored = await this.processing.storeMatches(
      scanId,
      result.spines.map((s) => ({ detectionId: s.detectionId, candidates: s.candidates, suggestedBookId: s.suggestedBookId })),
    );
    if (!stored) return 'skipped';
    await this.events.publish(scanId, { type: 'done' });
    return 'done';
  }
}
