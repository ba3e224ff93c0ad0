import type { JobProducer, Logger } from '@bookshelf/platform';
import type { RefreshScheduler } from '../domain/projections/projection-service';

/**
 * Debounces reader refreshes with a BullMQ deduplication id: the first change schedules a
 * refresh `delayMs` later and changes while it waits fold into it. The dedup window ends just
 * before the job runs, so a change made while it runs schedules the next one.
 */
export class QueueRefreshScheduler implements RefreshScheduler {
  constructor(
    private readonly producer: JobProducer,
    private readonly delayMs: number,
    /** Request paths pass a logger: the change is saved, a refresh that cannot be queued only waits for the nightly run. */
    private readonly bestEffort?: Logger,
  ) {}

  async schedule(userId: string): Promise<void> {
    try {
      await this.producer.send(
        'recs.refresh-user',
        { userId },
        { delay: this.delayMs, deduplication: { id: `refresh:${userId}`, ttl: Math.max(1, this.delayMs - 50) } },
      );
    } catch (err) {
      if (!this.bestEffort) throw err;
      this.bestEffort.warn({ err, userId }, 'could not schedule a recommendations refresh');
    }
  }
}
