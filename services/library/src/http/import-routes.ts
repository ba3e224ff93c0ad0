import { Router } from 'express';
import { ExportQuery, ImportDetailQuery } from '@bookshelf/contracts';
import { query, userIdOf } from '@bookshelf/platform';
import type { ImportService } from '../domain/goodreads/import-service';
import type { ExportService } from '../domain/library/export-service';
import { readCsvUpload } from './upload';

export function importRoutes(deps: { imports: ImportService; exports: ExportService; maxBytes: number }): Router {
  const r = Router();

  r.post('/v1/library/me/imports', async (req, res) => {
    const userId = userIdOf(res.locals);
    const upload = await readCsvUpload(req, deps.maxBytes);
    const summary = await deps.imports.create(userId, upload);
    res.status(202).setHeader('location', `/v1/library/me/imports/${summary.id}`).json(summary);
  });

  r.get('/v1/library/me/imports', async (_req, res) => {
    res.json(await deps.imports.list(userIdOf(res.locals)));
  });

  r.get('/v1/library/me/imports/:importId', async (req, res) => {
    res.json(await deps.imports.get(userIdOf(res.locals), req.params.importId, query(req, ImportDetailQuery)));
  });

  r.get('/v1/library/me/export', async (req, res) => {
    const userId = userIdOf(res.locals);
    const { format } = query(req, ExportQuery);
    const day = new Date().toISOString().slice(0, 10);
    if (format === 'json') {
      res.setHeader('content-disposition', `attachment; filename="bookshelf-library-${day}.json"`);
      res.json(await deps.exports.json(userId));
      return;
    }
    res.setHeader('content-disposition', `attachment; filename="goodreads_library_export-${day}.csv"`);
    res.type('text/csv; charset=utf-8').send(await deps.exports.goodreadsCsv(userId));
  });

  return r;
}
