import type { Logger } from '@bookshelf/platform';
import type { ScanRepository } from '../data/scan-repository';
import type { ScanCommands } from './ports';

const BATCH = 200;

/**
 * A scan is stored, then its scan.detect job is queued; a process that dies between the two
 * leaves a scan that nobody will process. Sent again for every scan still queued after
 * `stuckAfterMs`: the job id is the scan id, so a scan whose job is merely waiting in a long
 * queue is not queued twice.
 */
export class StuckScanSweeper {
  constructor(
    private readonly scans: ScanRepository,
    private readonly commands: Pick<ScanCommands, 'enqueueDetect'>,
    private readonly stuckAfterMs: number,
    private readonly logger: Logger,
  ) {}

  async sweep(now = new Date()): Promise<number> {
    const stuck = await this.scans.findQueuedSince(new Date(now.getTime() - this.stuckAfterMs), BATCH);
    for (const s of stuck) await this.commands.enqueueDetect(s.id, s.userId);
    if (stuck.length > 0) this.logger.info({ scans: stuck.length }, 'scan.detect sent again for scans still queued');
    return stuck.length;
  }
}
