import type { Sql } from './prisma';
import { ENTRY_WITH_BOOK_COLUMNS, type UserBookWithBookRow } from './user-book-row';

export interface TombstoneRow {
  user_book_id: string;
  book_id: string;
  change_seq: string;
  deleted_at: Date;
}

/** Sync reads: entries and tombstones of one reader past a change number, in change order. */
export const entryChanges = {
  /** Live entries changed after `afterSeq` (at most `limit`). */
  async entries(sql: Sql, userId: string, afterSeq: string, limit: number): Promise<UserBookWithBookRow[]> {
    return sql.$queryRawUnsafe<UserBookWithBookRow[]>(
      `SELECT ${ENTRY_WITH_BOOK_COLUMNS} FROM user_books ub JOIN books b ON b.id = ub.book_id
        WHERE ub.user_id = $1 AND ub.change_seq > $2::bigint ORDER BY ub.change_seq LIMIT $3`,
      userId,
      afterSeq,
      limit,
    );
  },

  async tombstones(sql: Sql, userId: string, afterSeq: string, limit: number): Promise<TombstoneRow[]> {
    return sql.$queryRawUnsafe<TombstoneRow[]>(
      `SELECT user_book_id, book_id, change_seq::text AS change_seq, deleted_at FROM user_book_tombstones
        WHERE user_id = $1 AND change_seq > $2::bigint ORDER BY change_seq LIMIT $3`,
      userId,
      afterSeq,
      limit,
    );
  },

  /** Drops the reader's tombstones older than the retention (plus an hour's slack for slow commits). */
  async purgeTombstones(sql: Sql, userId: string, retentionDays: number): Promise<number> {
    return sql.$executeRawUnsafe(
      `DELETE FROM user_book_tombstones WHERE user_id = $1 AND deleted_at < now() - make_interval(secs => $2::float8 * 86400 + 3600)`,
      userId,
      retentionDays,
    );
  },
};
