import type { Redis } from 'ioredis';

/**
 * At most `max` lookups per `windowMs` per external source, shared by every worker (a counter in
 * Redis per fixed window). The library queue also runs imports and spine matching, so a slow
 * source must not throttle the whole queue: a job over the limit is delayed, not the worker.
 */
export class SourceRateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** 0 when a lookup may go now (it is counted), else milliseconds until the next window. */
  async take(source: string, now = Date.now()): Promise<number> {
    const window = Math.floor(now / this.windowMs);
    // Hash-tagged with the queue's name, like BullMQ's own keys (Redis Cluster).
    const key = `${this.prefix}:{library}:enrich-rate:${source}:${window}`;
    const res = await this.redis.multi().incr(key).pexpire(key, this.windowMs * 2).exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    return count <= this.max ? 0 : (window + 1) * this.windowMs - now;
  }
}
