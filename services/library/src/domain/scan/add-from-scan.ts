import type { JobPayload } from '@bookshelf/contracts';
import { accounts } from '../../data/account-repository';
import type { BookRepository } from '../../data/book-repository';
import { claimDetections, placeExisting, recordEntries } from '../../data/scan-additions';
import type { Transact } from '../../data/transactor';
import { UserBookQueries } from '../../data/user-book-queries';
import { insertEntries } from '../../data/user-book-writes';

export interface AddFromScanResult {
  added: number;
  placed: number;
  alreadyDone: number;
  unknownBooks: number;
}

/**
 * Confirmed scan detections → owned books with their shelf label and position. Idempotent per
 * (scan, detection): a second confirmation (or a redelivered job) adds nothing.
 */
export async function addFromScan(
  transact: Transact,
  books: BookRepository,
  p: JobPayload<'library.add-from-scan'>,
): Promise<AddFromScanResult> {
  const known = new Set((await books.byIds([...new Set(p.items.map((i) => i.bookId))])).map((b) => b.id));
  const items = p.items.filter((i) => known.has(i.bookId));
  return transact(async (tx) => {
    if (await accounts.isDeleted(tx, p.userId)) return { added: 0, placed: 0, alreadyDone: 0, unknownBooks: 0 };
    const fresh = await claimDetections(tx, p.scanId, p.userId, items);
    // One entry per book even when a shelf holds two copies: the first position wins.
    const firstPerBook = new Map<string, (typeof fresh)[number]>();
    for (const i of fresh) if (!firstPerBook.has(i.bookId)) firstPerBook.set(i.bookId, i);
    const created = await insertEntries(
      tx,
      p.userId,
      [...firstPerBook.values()].map((i) => ({
        bookId: i.bookId,
        source: 'scan',
        sourceId: p.scanId,
        changes: { owned: true, locationShelf: i.shelfLabel, locationPosition: i.position },
      })),
    );
    const createdBooks = new Set(created.map((r) => r.book_id));
    const placed = await placeExisting(tx, p.userId, [...firstPerBook.values()].filter((i) => !createdBooks.has(i.bookId)));
    const entries = await new UserBookQueries(tx).byBookIds(p.userId, [...firstPerBook.keys()]);
    const entryOf = new Map(entries.map((e) => [e.book_id, e.id]));
    await recordEntries(
      tx,
      p.scanId,
      fresh.filter((i) => entryOf.has(i.bookId)).map((i) => ({ detectionId: i.detectionId, userBookId: entryOf.get(i.bookId)! })),
    );
    return { added: created.length, placed: placed.length, alreadyDone: items.length - fresh.length, unknownBooks: p.items.length - items.length };
  }, { long: true });
}
