import { ScanId } from '@bookshelf/contracts';
import { ValidationError } from '@bookshelf/platform';

/** Opaque page cursor: the last scan id of the previous page. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ScanId.safeParse(id).success) throw new ValidationError([{ path: 'cursor', message: 'is not a valid cursor' }]);
  return id;
}
