import { Router } from 'express';
import { userIdOf, type Logger } from '@bookshelf/platform';
import type { ScansService } from '../domain/scans-service';
import type { ScanEventHub } from '../events/scan-event-hub';
import { followScan } from '../events/scan-event-feed';
import { scanIdParam } from './scan-id-param';
import { openSse } from './sse';

export interface EventStreamOptions {
  heartbeatMs: number;
  maxMs: number;
  /** Aborted when the process shuts down: every open stream ends. */
  shutdown: AbortSignal;
}

/** GET /v1/scans/{scanId}/events: progress, detection, done, failed as server-sent events. */
export function scanEventsRoute(service: ScansService, hub: ScanEventHub, opts: EventStreamOptions, logger: Logger): Router {
  const r = Router();
  r.get('/v1/scans/:scanId/events', async (req, res) => {
    const userId = userIdOf(res.locals);
    const scanId = scanIdParam(req);
    await service.owned(userId, scanId); // 404 as problem+json, before the stream opens
    const stream = openSse(res, opts);
    try {
      await followScan(
        { scanId, hub, snapshot: () => service.snapshot(userId, scanId), recheckMs: opts.heartbeatMs },
        (event, data) => stream.send(event, data),
        AbortSignal.any([stream.signal, opts.shutdown]),
      );
    } catch (err) {
      // Headers are gone: the client sees the stream end and reconnects (and gets a replay).
      logger.warn({ err, scanId }, 'scan event stream ended with an error');
    } finally {
      stream.close();
    }
  });
  return r;
}
