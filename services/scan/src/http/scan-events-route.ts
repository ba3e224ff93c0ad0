import { Router, type Request } from 'express';
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

/**
 * GET /v1/scans/{scanId}/events: progress, detection, done, failed as server-sent events. A
 * client reconnecting with Last-Event-ID (header, or `lastEventId` in the query for clients that
 * cannot set headers) is not sent again the detections it has.
 */
export function scanEventsRoute(service: ScansService, hub: ScanEventHub, opts: EventStreamOptions, logger: Logger): Router {
  const r = Router();
  r.get('/v1/scans/:scanId/events', async (req, res) => {
    const userId = userIdOf(res.locals);
    const scanId = scanIdParam(req);
    await service.owned(userId, scanId); // 404 as problem+json, before the stream opens
    const stream = openSse(res, opts);
    try {
      await followScan(
        { scanId, hub, snapshot: () => service.snapshot(userId, scanId), recheckMs: opts.heartbeatMs, lastEventId: lastEventIdOf(req) },
        (event, data, id) => stream.send(event, data, id),
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

function lastEventIdOf(req: Request): string | null {
  const q = req.query.lastEventId;
  return req.get('last-event-id') ?? (typeof q === 'string' ? q : null);
}
