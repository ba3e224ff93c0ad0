import { Router } from 'express';
import { requireInternalAuth, type Logger } from '@bookshelf/platform';
import type { ScanIntake } from '../domain/scan-intake';
import type { ScansService } from '../domain/scans-service';
import type { ScanEventHub } from '../events/scan-event-hub';
import { scanEventsRoute, type EventStreamOptions } from './scan-events-route';
import { scansRoutes } from './scans-routes';
import { uploadRoute } from './upload-route';
import type { UploadLimits } from './receive-upload';

export interface ScanRoutesDeps {
  intake: ScanIntake;
  service: ScansService;
  hub: ScanEventHub;
  internalSecret: string;
  upload: UploadLimits;
  events: EventStreamOptions;
  logger: Logger;
}

export function scanRoutes(deps: ScanRoutesDeps): Router {
  const r = Router();
  r.use(requireInternalAuth(deps.internalSecret));
  r.use(uploadRoute(deps.intake, deps.upload));
  r.use(scanEventsRoute(deps.service, deps.hub, deps.events, deps.logger));
  r.use(scansRoutes(deps.service));
  return r;
}
