import type { Redis } from 'ioredis';
import type { Logger } from '@bookshelf/platform';
import { ScanChannelMessage, scanChannel } from './scan-channel';

type Listener = (message: ScanChannelMessage) => void;

/**
 * One Redis subscriber connection per API process, shared by every open event stream:
 * a channel is subscribed while at least one stream follows that scan.
 */
export class ScanEventHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (channel: string, raw: string) => this.dispatch(channel, raw));
  }

  private dispatch(channel: string, raw: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    let parsed: ScanChannelMessage;
    try {
      parsed = ScanChannelMessage.parse(JSON.parse(raw));
    } catch (err) {
      this.logger.warn({ err, channel }, 'ignoring malformed scan event');
      return;
    }
    for (const listener of set) listener(parsed);
  }

  /** Resolves once the subscription is live; the returned function unsubscribes. */
  async subscribe(scanId: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = scanChannel(this.prefix, scanId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    try {
      await this.subscriber.subscribe(channel);
    } catch (err) {
      await this.remove(channel, listener);
      throw err;
    }
    return () => this.remove(channel, listener);
  }

  private async remove(channel: string, listener: Listener): Promise<void> {
    const set = this.listeners.get(channel);
    if (!set) return;
    set.delete(listener);
    if (set.size > 0) return;
    this.listeners.delete(channel);
    await this.subscriber.unsubscribe(channel).catch(() => undefined);
  }
}
