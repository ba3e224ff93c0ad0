import type { Request, Response } from 'express';
import { PreconditionFailedError } from '@bookshelf/platform';

/** An entry's ETag is its version, quoted (strong: any change bumps it). */
export function setEntryTag(res: Response, version: number): void {
  res.setHeader('etag', `"${version}"`);
}

/**
 * If-Match → the version the client expects; undefined without the header (the write is
 * unconditional, as before). `*` asks only that the entry exists. A header that names no
 * version of ours can never match: 412.
 */
export function expectedVersion(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const tags = header.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.includes('*')) return undefined;
  const versions = tags.map((t) => /^"([1-9][0-9]{0,8})"$/.exec(t)?.[1]).filter((v): v is string => v !== undefined);
  const first = versions[0];
  if (first === undefined || versions.length !== 1) {
    // Several tags would mean "any of these"; clients send the one they read, so keep it simple.
    if (versions.length > 1) throw new PreconditionFailedError('If-Match must name one version');
    throw new PreconditionFailedError('If-Match does not name a version of this entry');
  }
  return Number(first);
}
