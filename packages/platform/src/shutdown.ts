import type { Logger } from './logger';

export type Closer = { name: string; close: () => Promise<unknown> };

let shuttingDown = false;

/** True once SIGTERM arrived: readiness reports 503 so traffic moves elsewhere while we drain. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

/**
 * Closes resources in order on SIGTERM/SIGINT: first stop taking work (HTTP, workers),
 * then finish what runs, then close pools. A second signal forces exit.
 */
export function onShutdown(logger: Logger, closers: Closer[], graceMs = 25_000): void {
  let closing = false;
  const handler = (signal: string) => {
    if (closing) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    closing = true;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown grace period exceeded, exiting');
      process.exit(1);
    }, graceMs);
    force.unref();
    void closeAll(logger, closers).then(() => {
      logger.info('shutdown complete');
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
}

export async function closeAll(logger: Logger, closers: Closer[]): Promise<void> {
  for (const c of closers) {
    try {
      await c.close();
    } catch (err) {
      logger.error({ err, resource: c.name }, 'error while closing');
    }
  }
}
