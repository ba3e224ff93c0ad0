import type { Logger } from './logger';
import { closeAll, type Closer } from './shutdown';

/** What every process's start function returns: main.ts, `pnpm start` and the test kit rely on it. */
export interface RunningProcess {
  /** Where it listens, for processes with HTTP. */
  url?: string;
  logger: Logger;
  /** In shutdown order: stop taking work, finish what runs, close pools. */
  closers: Closer[];
  close(): Promise<void>;
  /** Relays pending outbox events now (tests), for processes with an outbox. */
  flushOutbox?: () => Promise<number>;
}

export function runningProcess<T extends Omit<RunningProcess, 'close'>>(parts: T): T & { close(): Promise<void> } {
  return { ...parts, close: () => closeAll(parts.logger, parts.closers) };
}
