import type { Redis } from 'ioredis';
import type { Logger } from '@bookshelf/platform';
import { scanChannel, type ScanChannelMessage } from './scan-channel';

/** Publishes live scan events; a Redis hiccup is logged, never fails the work that caused it. */
export class ScanEventPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async publish(scanId: string, message: ScanChannelMessage): Promise<void> {
    try {
      await this.redis.publish(scanChannel(this.prefix, scanId), JSON.stringify(message));
    } catch (err) {
      this.logger.warn({ err, scanId, type: message.type }, 'could not publish scan event');
    }
  }
}
