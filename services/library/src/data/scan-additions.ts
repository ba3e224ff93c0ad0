import { publishEvents } from './outbox-bulk';
import type { Sql } from './prisma';
import { ENTRY_COLUMNS, changedEvent, type UserBookRow } from './user-book-row';
import { lockEntriesOf } from './user-book-writes';

export interface ScanItem {
  detectionId: string;
  bookId: string;
  shelfLabel: string | null;
  position: number;
}

/** Claims a scan's detections: only the ones never added before come back (confirming twice adds nothing). */
export async function claimDetections(tx: Sql, scanId: string, userId: string, items: ScanItem[]): Promise<ScanItem[]> {
  if (items.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ detection_id: string }[]>(
    `INSERT INTO scan_additions (scan_id, detection_id, user_id)
     SELECT $1, d, $2 FROM unnest($3::text[]) AS d ON CONFLICT DO NOTHING RETURNING detection_id`,
    scanId,
    userId,
    items.map((i) => i.detectionId),
  );
  const fresh = new Set(rows.map((r) => r.detection_id));
  return items.filter((i) => fresh.has(i.detectionId));
}

export async function recordEntries(tx: Sql, scanId: string, pairs: { detectionId: string; userBookId: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE scan_additions s SET user_book_id = x.user_book_id
       FROM jsonb_to_recordset($2::jsonb) AS x(detection_id text, user_book_id text)
      WHERE s.scan_id = $1 AND s.detection_id = x.detection_id`,
    scanId,
    JSON.stringify(pairs.map((p) => ({ detection_id: p.detectionId, user_book_id: p.userBookId }))),
  );
}

/** A scanned book already in the library: it is owned, and now we know where it stands. */
export async function placeExisting(tx: Sql, userId: string, items: ScanItem[]): Promise<UserBookRow[]> {
  if (items.length === 0) return [];
  await lockEntriesOf(tx, userId);
  const rows = await tx.$queryRawUnsafe<UserBookRow[]>(
    `UPDATE user_books AS ub SET owned = true, location_shelf = x.shelf, location_position = x.position, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS x(book_id text, shelf text, position int)
      WHERE ub.user_id = $1 AND ub.book_id = x.book_id
        AND (ub.owned, ub.location_shelf, ub.location_position) IS DISTINCT FROM (true, x.shelf, x.position)
      RETURNING ${ENTRY_COLUMNS}`,
    userId,
    JSON.stringify(items.map((i) => ({ book_id: i.bookId, shelf: i.shelfLabel, position: i.position }))),
  );
  await publishEvents(tx, 'library.book-updated', rows.map(changedEvent));
  return rows;
}
