import type { Sql } from './prisma';
import { lockEntriesOf } from './user-book-writes';

/** A reader's whole footprint in the library schema (account deletion). */
export const accounts = {
  async purge(tx: Sql, userId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    await lockEntriesOf(tx, userId);
    counts.entries = await tx.$executeRawUnsafe(`DELETE FROM user_books WHERE user_id = $1`, userId);
    // The delete trigger leaves tombstones for sync; nobody will sync this account again.
    counts.tombstones = await tx.$executeRawUnsafe(`DELETE FROM user_book_tombstones WHERE user_id = $1`, userId);
    counts.blocks = await tx.$executeRawUnsafe(`DELETE FROM blocks WHERE blocker_id = $1 OR blocked_id = $1`, userId);
    counts.lists = await tx.$executeRawUnsafe(`DELETE FROM book_lists WHERE user_id = $1`, userId);
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
