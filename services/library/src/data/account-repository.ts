import type { Sql } from './prisma';

/** A reader's whole footprint in the library schema (account deletion). */
export const accounts = {
  async purge(tx: Sql, userId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    counts.entries = await tx.$executeRawUnsafe(`DELETE FROM user_books WHERE user_id = $1`, userId);
    counts.follows = await tx.$executeRawUnsafe(`DELETE FROM follows WHERE follower_id = $1 OR followee_id = $1`, userId);
    counts.requests = await tx.$executeRawUnsafe(`DELETE FROM follow_requests WHERE requester_id = $1 OR target_id = $1`, userId);
    counts.settings = await tx.$executeRawUnsafe(`DELETE FROM library_settings WHERE user_id = $1`, userId);
    counts.imports = await tx.$executeRawUnsafe(`DELETE FROM imports WHERE user_id = $1`, userId);
    counts.idempotencyKeys = await tx.$executeRawUnsafe(`DELETE FROM idempotency_keys WHERE user_id = $1`, userId);
    counts.scanAdditions = await tx.$executeRawUnsafe(`DELETE FROM scan_additions WHERE user_id = $1`, userId);
    await tx.$executeRawUnsafe(`INSERT INTO deleted_users (user_id) VALUES ($1) ON CONFLICT DO NOTHING`, userId);
    return counts;
  },

  async isDeleted(sql: Sql, userId: string): Promise<boolean> {
    const rows = await sql.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM deleted_users WHERE user_id = $1`, userId);
    return rows.length > 0;
  },
};
