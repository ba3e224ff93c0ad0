import { monotonicFactory } from 'ulid';
import type { EntrySource } from '@bookshelf/contracts';
import { PreconditionFailedError, ValidationError } from '@bookshelf/platform';
import type { EntryChanges } from '../domain/library/entry-changes';
import { publishEvents } from './outbox-bulk';
import type { Sql } from './prisma';
import { ENTRY_COLUMNS, changedEvent, type UserBookRow } from './user-book-row';

const ulid = monotonicFactory();

/** Entry field → column and the SQL type its parameter is cast to. */
const COLUMNS: Record<keyof EntryChanges, [string, string]> = {
  status: ['status', 'text'],
  rating: ['rating', 'numeric'],
  review: ['review', 'text'],
  reviewSpoiler: ['review_spoiler', 'boolean'],
  privateNotes: ['private_notes', 'text'],
  shelves: ['shelves', 'text[]'],
  progressPage: ['progress_page', 'int'],
  progressPercent: ['progress_percent', 'numeric'],
  startedOn: ['started_on', 'date'],
  finishedOn: ['finished_on', 'date'],
  readCount: ['read_count', 'int'],
  owned: ['owned', 'boolean'],
  locationShelf: ['location_shelf', 'text'],
  locationPosition: ['location_position', 'int'],
  loanedTo: ['loaned_to', 'text'],
  loanedSince: ['loaned_since', 'date'],
  visibility: ['visibility', 'text'],
};
const NOT_NULL_DEFAULTS: Record<string, string> = { shelves: `'{}'`, review_spoiler: 'false', read_count: '0', owned: 'false' };
const ALL = Object.values(COLUMNS);
const RECORD = ALL.map(([c, t]) => `${c} ${t}`).join(', ');
const INSERT_SQL = `
  INSERT INTO user_books AS ub (id, user_id, book_id, source, source_id, created_at, updated_at, ${ALL.map(([c]) => c).join(', ')})
  SELECT x.id, $1, x.book_id, x.source, x.source_id, COALESCE(x.created_at, now()), now(),
         ${ALL.map(([c]) => (NOT_NULL_DEFAULTS[c] ? `COALESCE(x.${c}, ${NOT_NULL_DEFAULTS[c]})` : `x.${c}`)).join(', ')}
    FROM jsonb_to_recordset($2::jsonb) AS x(id text, book_id text, source text, source_id text, created_at timestamptz, ${RECORD})
  ON CONFLICT (user_id, book_id) DO NOTHING
  RETURNING ${ENTRY_COLUMNS}`;

/**
 * Serialises writes to one reader's entries until the transaction ends. Every writer takes it
 * before touching rows (the change-tracking trigger takes it too, but only after the row lock,
 * which alone could deadlock two multi-row writers): sync cursors rely on change numbers of one
 * reader being committed in order.
 */
export async function lockEntriesOf(tx: Sql, userId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('library.user_books:' || $1, 0))`, userId);
}

export interface NewEntry {
  bookId: string;
  changes: EntryChanges;
  source: EntrySource;
  /** The scan or import that adds it. */
  sourceId?: string | null;
  /** When the reader added it elsewhere (an import keeps Goodreads' "Date Added"). */
  createdAt?: string | null;
}

const CONSTRAINT_FIELDS: Record<string, { path: string; message: string }> = {
  user_books_dates_ordered: { path: 'finishedOn', message: 'cannot be before startedOn' },
  user_books_rating_halves: { path: 'rating', message: 'ratings go from 0.5 to 5 in halves' },
  user_books_progress_percent: { path: 'progress.percent', message: 'must be between 0 and 100' },
};

/** A check constraint the request broke becomes a 422 naming the field, not a 500. */
export function rethrowConstraint(err: unknown): never {
  const text = err instanceof Error ? err.message : String(err);
  for (const [name, field] of Object.entries(CONSTRAINT_FIELDS)) {
    if (text.includes(name)) throw new ValidationError([field]);
  }
  throw err;
}

function changeRecord(changes: EntryChanges): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    const col = COLUMNS[field as keyof EntryChanges];
    if (col && value !== undefined) rec[col[0]] = value;
  }
  return rec;
}

/**
 * Adds entries; a book already in the library is left alone (no duplicate, no event).
 * Returns the rows created, in input order. Emits library.book-added for each.
 */
export async function insertEntries(tx: Sql, userId: string, entries: NewEntry[]): Promise<UserBookRow[]> {
  if (entries.length === 0) return [];
  const records = entries.map((e) => ({
    ...changeRecord(e.changes),
    id: `ub_${ulid()}`,
    book_id: e.bookId,
    source: e.source,
    source_id: e.sourceId ?? null,
    created_at: e.createdAt ?? null,
  }));
  await lockEntriesOf(tx, userId);
  let rows: UserBookRow[];
  try {
    rows = await tx.$queryRawUnsafe<UserBookRow[]>(INSERT_SQL, userId, JSON.stringify(records));
  } catch (err) {
    rethrowConstraint(err);
  }
  await publishEvents(tx, 'library.book-added', rows.map(changedEvent));
  const order = new Map(entries.map((e, i) => [e.bookId, i]));
  return rows.sort((a, b) => (order.get(a.book_id) ?? 0) - (order.get(b.book_id) ?? 0));
}

/**
 * Applies changes in one UPDATE (no read-modify-write) and only when something differs, so a no-op
 * PATCH neither bumps updated_at nor emits an event. Returns null when the entry is not the user's.
 * With `expectedVersion`, a stale entry (another device changed it meanwhile) is a 412.
 */
export async function updateEntry(
  tx: Sql,
  userId: string,
  id: string,
  changes: EntryChanges,
  expectedVersion?: number,
): Promise<{ row: UserBookRow; changed: boolean } | null> {
  const fields = Object.entries(changeRecord(changes));
  await lockEntriesOf(tx, userId);
  if (fields.length > 0) {
    const types = new Map(ALL);
    const sets = fields.map(([c], i) => `${c} = $${i + 3}::${types.get(c)}`);
    const distinct = `(${fields.map(([c]) => c).join(', ')}) IS DISTINCT FROM (${fields.map(([c], i) => `$${i + 3}::${types.get(c)}`).join(', ')})`;
    let rows: UserBookRow[];
    try {
      rows = await tx.$queryRawUnsafe<UserBookRow[]>(
        `UPDATE user_books AS ub SET ${sets.join(', ')}, updated_at = now() WHERE ub.id = $1 AND ub.user_id = $2 AND ${distinct}
            AND ($${fields.length + 3}::int IS NULL OR ub.version = $${fields.length + 3}::int)
         RETURNING ${ENTRY_COLUMNS}`,
        id,
        userId,
        ...fields.map(([, v]) => v),
        expectedVersion ?? null,
      );
    } catch (err) {
      rethrowConstraint(err);
    }
    if (rows[0]) {
      await publishEvents(tx, 'library.book-updated', [changedEvent(rows[0])]);
      return { row: rows[0], changed: true };
    }
  }
  const current = await tx.$queryRawUnsafe<UserBookRow[]>(
    `SELECT ${ENTRY_COLUMNS} FROM user_books ub WHERE ub.id = $1 AND ub.user_id = $2`,
    id,
    userId,
  );
  if (!current[0]) return null;
  if (expectedVersion !== undefined && current[0].version !== expectedVersion) throw stale();
  return { row: current[0], changed: false };
}

function stale(): PreconditionFailedError {
  return new PreconditionFailedError('The entry changed since you read it (If-Match does not match its ETag); read it again');
}

/** False when the entry is not the user's; a 412 when `expectedVersion` is stale. */
export async function deleteEntry(tx: Sql, userId: string, id: string, expectedVersion?: number): Promise<boolean> {
  await lockEntriesOf(tx, userId);
  const rows = await tx.$queryRawUnsafe<{ id: string; book_id: string }[]>(
    `DELETE FROM user_books WHERE id = $1 AND user_id = $2 AND ($3::int IS NULL OR version = $3::int) RETURNING id, book_id`,
    id,
    userId,
    expectedVersion ?? null,
  );
  const row = rows[0];
  if (!row) {
    if (expectedVersion === undefined) return false;
    const exists = await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM user_books WHERE id = $1 AND user_id = $2`, id, userId);
    if (exists.length > 0) throw stale();
    return false;
  }
  await publishEvents(tx, 'library.book-removed', [
    { userId, userBookId: row.id, bookId: row.book_id, occurredAt: new Date().toISOString() },
  ]);
  return true;
}

/** Removes every entry one scan or import added; library.book-removed for each. */
export async function deleteBySource(tx: Sql, userId: string, source: EntrySource, sourceId: string): Promise<string[]> {
  await lockEntriesOf(tx, userId);
  const rows = await tx.$queryRawUnsafe<{ id: string; book_id: string }[]>(
    `DELETE FROM user_books WHERE user_id = $1 AND source = $2 AND source_id = $3 RETURNING id, book_id`,
    userId,
    source,
    sourceId,
  );
  const occurredAt = new Date().toISOString();
  await publishEvents(tx, 'library.book-removed', rows.map((r) => ({ userId, userBookId: r.id, bookId: r.book_id, occurredAt })));
  return rows.map((r) => r.id).sort();
}
