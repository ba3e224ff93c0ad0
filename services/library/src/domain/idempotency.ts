import { createHash } from 'node:crypto';
import { ValidationError } from '@bookshelf/platform';
import { idempotencyKeys } from '../data/idempotency-repository';
import type { Sql } from '../data/prisma';
import type { Transact } from '../data/transactor';

const KEY = /^[\x21-\x7e]{1,200}$/;
const TTL_HOURS = 24;

/** JSON with sorted keys: two bodies that differ only in key order are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs a creating request once per Idempotency-Key: the same key with the same body replays the
 * first answer; the same key with another body is refused (422). Without a key it just runs.
 */
export async function idempotent<T>(
  transact: Transact,
  req: { userId: string; scope: string; key: string | undefined; body: unknown },
  work: (tx: Sql) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (req.key === undefined) return { ...(await transact(work, { long: true })), replayed: false };
  const key = req.key;
  if (!KEY.test(key)) throw new ValidationError([{ path: 'Idempotency-Key', message: 'must be 1–200 visible ASCII characters' }]);
  const hash = createHash('sha256').update(canonicalJson(req.body)).digest('hex');
  return transact(async (tx) => {
    const earlier = await idempotencyKeys.claim(tx, req.userId, req.scope, key, hash, TTL_HOURS);
    if (earlier) {
      if (earlier.request_hash !== hash) {
        throw new ValidationError([{ path: 'Idempotency-Key', message: 'was already used with a different request body' }]);
      }
      return { status: earlier.status_code, body: JSON.parse(earlier.response) as T, replayed: true };
    }
    const result = await work(tx);
    await idempotencyKeys.store(tx, req.userId, req.scope, key, result.status, result.body);
    return { ...result, replayed: false };
  }, { long: true });
}
