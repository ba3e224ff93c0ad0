import type { Request } from 'express';
import { ScanId } from '@bookshelf/contracts';
import { NotFoundError } from '@bookshelf/platform';

/** A malformed id names no scan: 404, like someone else's. */
export function scanIdParam(req: Request): string {
  const parsed = ScanId.safeParse(req.params.scanId);
  if (!parsed.success) throw new NotFoundError('Scan not found');
  return parsed.data;
}
