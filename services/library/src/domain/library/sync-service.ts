import { z } from 'zod';
import type { ChangesPage, ChangesQuery, EntryChange } from '@bookshelf/contracts';
import { GoneError } from '@bookshelf/platform';
import { entryChanges } from '../../data/entry-change-queries';
import type { Sql } from '../../data/prisma';
import { toUserBook } from '../../data/user-book-row';
import { decodeCursor, encodeCursor } from '../cursor';

/** s: the last change number delivered; t: when the client's view was complete up to s (ms). */
const SyncCursor = z.object({ s: z.string().regex(/^[0-9]{1,18}$/), t: z.number().int().nonnegative() });
const DAY_MS = 86_400_000;

/**
 * Mobile sync. Every write of an entry takes the next number of one sequence (a trigger), and a
 * reader's writes commit in number order (see lockEntriesOf), so "everything after N" never
 * misses a change. Deletions are tombstones kept `retentionDays`; a cursor older than that could
 * have missed a purged tombstone, so it is refused with 410 and the client syncs everything.
 */
export class SyncService {
  constructor(
    private readonly sql: Sql,
    private readonly retentionDays: number,
    private readonly now: () => number = Date.now,
  ) {}

  async changes(userId: string, q: ChangesQuery): Promise<ChangesPage> {
    const since = decodeCursor(q.since, SyncCursor);
    const now = this.now();
    if (since && since.t < now - this.retentionDays * DAY_MS) {
      throw new GoneError(`This sync cursor is older than ${this.retentionDays} days: deletions since then may be forgotten. Sync everything again (call without since).`);
    }
    await entryChanges.purgeTombstones(this.sql, userId, this.retentionDays);
    const after = since?.s ?? '0';
    const [entries, tombstones] = await Promise.all([
      entryChanges.entries(this.sql, userId, after, q.limit + 1),
      // A full sync needs no deletions: the client replaces what it has.
      since ? entryChanges.tombstones(this.sql, userId, after, q.limit + 1) : Promise.resolve([]),
    ]);
    const merged: { seq: bigint; change: EntryChange }[] = [
      ...entries.map((r) => ({ seq: BigInt(r.change_seq), change: { type: 'upsert' as const, id: r.id, entry: toUserBook(r) } })),
      ...tombstones.map((t) => ({
        seq: BigInt(t.change_seq),
        change: { type: 'delete' as const, id: t.user_book_id, bookId: t.book_id, deletedAt: t.deleted_at.toISOString() },
      })),
    ].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
    const hasMore = merged.length > q.limit;
    const page = merged.slice(0, q.limit);
    const last = page[page.length - 1]?.seq.toString() ?? after;
    // A partial page keeps the time the client's view started from: what follows may be as old.
    const t = hasMore ? (since?.t ?? now) : now;
    return { items: page.map((p) => p.change), cursor: encodeCursor({ s: last, t }), hasMore };
  }
}
