import type { z } from 'zod';
import { ValidationError } from '@bookshelf/platform';

/** Opaque cursors: base64url JSON the client hands back unchanged. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, schema: S): z.infer<S> | null {
  if (cursor === undefined) return null;
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success && !JSON.stringify(parsed.data).includes('\\u0000')) return parsed.data;
  } catch {
    // fall through: not base64 / not JSON
  }
  throw badCursor();
}

export function badCursor(): ValidationError {
  return new ValidationError([{ path: 'cursor', message: 'not a cursor this endpoint issued (or it belongs to another query)' }]);
}

/** Postgres rejecting a value as data (class 22: bad date, number, encoding). */
export function isDataException(err: unknown): boolean {
  const text = `${(err as { code?: unknown })?.code ?? ''} ${JSON.stringify((err as { meta?: unknown })?.meta ?? '')} ${err instanceof Error ? err.message : ''}`;
  return /\b22(007|008|P02|003|021)\b|invalid input syntax|out of range/i.test(text);
}
