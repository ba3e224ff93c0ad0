import type { JobPayload } from '@bookshelf/contracts';
import type { ScanChannelMessage } from '../events/scan-channel';

/** Commands the scan service sends (BullMQ behind it). */
export interface ScanCommands {
  /** Queues `scan.detect`; the scan id is the job id, so sending twice queues once. */
  enqueueDetect(scanId: string, userId: string): Promise<void>;
  /** Sends `library.add-from-scan` once per scan (deterministic job id). */
  addToLibrary(payload: JobPayload<'library.add-from-scan'>): Promise<void>;
}

export type SpineTexts = JobPayload<'catalog.match-spines'>['spines'];

/** Starts matching: `scan.finalize` waiting on `catalog.match-spines` in the library queue. */
export interface MatchingFlow {
  start(scan: { scanId: string; userId: string }, spines: SpineTexts): Promise<void>;
}

/** Live scan events for open event streams. */
export interface ScanEvents {
  publish(scanId: string, message: ScanChannelMessage): Promise<void>;
}
