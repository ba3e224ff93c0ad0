import { FlowProducer, type FlowJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { COMMANDS } from '@bookshelf/contracts';
import { currentContext, envelope, jobOptions } from '@bookshelf/platform';
import type { MatchingFlow } from '../domain/ports';

export const finalizeJobId = (scanId: string) => `finalize-${scanId}`;
export const matchSpinesJobId = (scanId: string) => `match-spines-${scanId}`;

/**
 * `scan.finalize` (scan queue) as the parent of `catalog.match-spines` (library queue): the
 * parent runs when the library has answered, and reads the answer with getChildrenValues().
 * If matching fails for good the parent still runs (the failure is ignored, not fatal) and
 * records it. Deterministic job ids make a repeated start a no-op.
 */
export class BullMatchingFlow implements MatchingFlow {
  private readonly flows: FlowProducer;

  constructor(
    connection: Redis,
    private readonly prefix: string,
  ) {
    this.flows = new FlowProducer({ connection, prefix });
    this.flows.on('error', () => undefined);
  }

  async start(scan: { scanId: string; userId: string }, spines: Parameters<MatchingFlow['start']>[1]): Promise<void> {
    const meta = { requestId: currentContext().requestId };
    const children: FlowJob[] = spines.length
      ? [
          {
            name: 'catalog.match-spines',
            queueName: COMMANDS['catalog.match-spines'].queue,
            prefix: this.prefix,
            data: envelope('catalog.match-spines', { ...scan, spines }, meta),
            opts: { ...jobOptions('catalog.match-spines'), jobId: matchSpinesJobId(scan.scanId), ignoreDependencyOnFailure: true },
          },
        ]
      : [];
    const parent = {
      name: 'scan.finalize',
      queueName: COMMANDS['scan.finalize'].queue,
      prefix: this.prefix,
      data: envelope('scan.finalize', scan, meta),
      opts: { ...jobOptions('scan.finalize'), jobId: finalizeJobId(scan.scanId) },
    };
    await this.flows.add(children.length ? { ...parent, children } : parent);
  }

  close(): Promise<void> {
    return this.flows.close();
  }
}
