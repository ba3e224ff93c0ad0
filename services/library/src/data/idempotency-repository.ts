import type { Sql } from './prisma';

export interface StoredResponse {
  request_hash: string;
  status_code: number;
  /** The first answer's JSON text, replayed as it was. */
  response: string;
}

/**
 * Idempotency keys, claimed inside the transaction that does the work: a concurrent request with
 * the same key blocks on the primary key until the first commits, then reads its stored answer.
 */
export const idempotencyKeys = {
  /** null: the key is ours now; otherwise the earlier request's hash and answer. */
  async claim(tx: Sql, userId: string, scope: string, key: string, hash: string, ttlHours: number): Promise<StoredResponse | null> {
    await tx.$executeRawUnsafe(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at < now() - make_interval(hours => $2)`,
      userId,
      ttlHours,
    );
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO idempotency_keys (user_id, scope, key, request_hash, status_code, response)
       VALUES ($1, $2, $3, $4, 0, 'null') ON CONFLICT DO NOTHING`,
      userId,
      scope,
      key,
      hash,
    );
    if (inserted === 1) return null;
    const rows = await tx.$queryRawUnsafe<StoredResponse[]>(
      `SELECT request_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND key = $3`,
      userId,
      scope,
      key,
    );
    return rows[0] ?? null;
  },

  async store(tx: Sql, userId: string, scope: string, key: string, status: number, response: unknown): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE idempotency_keys SET status_code = $4, response = $5 WHERE user_id = $1 AND scope = $2 AND key = $3`,
      userId,
      scope,
      key,
      status,
      JSON.stringify(response),
    );
  },
};
