import { Router } from 'express';
import { ConfirmScanRequest, ListScansQuery } from '@bookshelf/contracts';
import { jsonBody, query, userIdOf } from '@bookshelf/platform';
import type { ScansService } from '../domain/scans-service';
import { scanIdParam } from './scan-id-param';

/** Reading and confirming scans. */
export function scansRoutes(service: ScansService): Router {
  const r = Router();

  r.get('/v1/scans', async (req, res) => {
    res.json(await service.list(userIdOf(res.locals), query(req, ListScansQuery)));
  });

  r.get('/v1/scans/:scanId', async (req, res) => {
    res.json(await service.detail(userIdOf(res.locals), scanIdParam(req)));
  });

  r.post('/v1/scans/:scanId/confirm', async (req, res) => {
    const userId = userIdOf(res.locals);
    const scanId = scanIdParam(req);
    const body = jsonBody(req, ConfirmScanRequest);
    res.status(202).json(await service.confirm(userId, scanId, body));
  });

  return r;
}
