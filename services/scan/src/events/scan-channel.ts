import { z } from 'zod';
import { ScanDetection, ScanFailedEvent, ScanProgressEvent } from '@bookshelf/contracts';

/**
 * What the scan processes tell each other about one scan, live. Best effort: the database is
 * the record, and an event stream replays from it, so a lost message only delays a screen.
 */
export const ScanChannelMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), attempt: z.number().int(), data: ScanProgressEvent }),
  z.object({ type: z.literal('detection'), attempt: z.number().int(), data: ScanDetection }),
  z.object({ type: z.literal('done') }),
  z.object({ type: z.literal('failed'), data: ScanFailedEvent }),
]);
export type ScanChannelMessage = z.infer<typeof ScanChannelMessage>;

/** One channel per scan, under the queue prefix so test runs and deployments do not hear each other. */
export function scanChannel(prefix: string, scanId: string): string {
  return `${prefix}:scan-events:${scanId}`;
}
