import type { EntryChanges } from '../domain/library/entry-changes';
import { publishEvents } from './outbox-bulk';
import type { Sql } from './prisma';
import { ENTRY_COLUMNS, changedEvent, type UserBookRow } from './user-book-row';
import { lockEntriesOf } from './user-book-writes';

/**
 * Folds imported facts into entries the reader already has, without overwriting anything they
 * set: blanks are filled, shelves are added, counts only grow. Returns the entries that changed.
 */
export async function mergeIntoExisting(tx: Sql, userId: string, items: { bookId: string; changes: EntryChanges }[]): Promise<UserBookRow[]> {
  if (items.length === 0) return [];
  const records = items.map(({ bookId, changes: c }) => ({
    book_id: bookId,
    status: c.status ?? null,
    rating: c.rating ?? null,
    review: c.review ?? null,
    review_spoiler: c.reviewSpoiler ?? false,
    private_notes: c.privateNotes ?? null,
    shelves: c.shelves ?? [],
    finished_on: c.finishedOn ?? null,
    read_count: c.readCount ?? 0,
    owned: c.owned ?? false,
  }));
  const merged = {
    status: 'COALESCE(ub.status, x.status)',
    rating: 'COALESCE(ub.rating, x.rating)',
    review: 'COALESCE(ub.review, x.review)',
    review_spoiler: 'CASE WHEN ub.review IS NULL THEN x.review_spoiler ELSE ub.review_spoiler END',
    private_notes: 'COALESCE(ub.private_notes, x.private_notes)',
    shelves: `ub.shelves || ARRAY(SELECT s FROM unnest(x.shelves) AS s WHERE lower(s) <> ALL (SELECT lower(t) FROM unnest(ub.shelves) AS t))`,
    finished_on: 'CASE WHEN ub.finished_on IS NULL AND (ub.started_on IS NULL OR x.finished_on >= ub.started_on) THEN x.finished_on ELSE ub.finished_on END',
    read_count: 'GREATEST(ub.read_count, x.read_count)',
    owned: 'ub.owned OR x.owned',
  };
  const cols = Object.keys(merged);
  await lockEntriesOf(tx, userId);
  const rows = await tx.$queryRawUnsafe<UserBookRow[]>(
    `UPDATE user_books AS ub SET ${cols.map((c) => `${c} = ${merged[c as keyof typeof merged]}`).join(', ')}, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS x(book_id text, status text, rating numeric, review text, review_spoiler boolean,
            private_notes text, shelves text[], finished_on date, read_count int, owned boolean)
      WHERE ub.user_id = $1 AND ub.book_id = x.book_id
        AND (${cols.map((c) => `ub.${c}`).join(', ')}) IS DISTINCT FROM (${Object.values(merged).join(', ')})
      RETURNING ${ENTRY_COLUMNS}`,
    userId,
    JSON.stringify(records),
  );
  await publishEvents(tx, 'library.book-updated', rows.map(changedEvent));
  return rows;
}
