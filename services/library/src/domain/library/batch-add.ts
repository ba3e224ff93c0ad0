import type { BatchAddRequest, BatchAddResponse } from '@bookshelf/contracts';
import type { BookRepository } from '../../data/book-repository';
import type { Transact } from '../../data/transactor';
import { UserBookQueries } from '../../data/user-book-queries';
import { insertEntries, type NewEntry } from '../../data/user-book-writes';
import { idempotent, type IdempotentResult } from '../idempotency';
import { resolveBookRefs } from './book-refs';
import { changesFromPatch } from './entry-changes';

type Item = BatchAddResponse['items'][number];

/**
 * Adds up to 500 books in one transaction with an outcome per item: created, existing (already
 * in the library, or named twice in this batch), not_found or invalid. Idempotent per key.
 */
export async function batchAdd(
  transact: Transact,
  books: BookRepository,
  userId: string,
  body: BatchAddRequest,
  idempotencyKey?: string,
): Promise<IdempotentResult<BatchAddResponse>> {
  const refs = await resolveBookRefs(books, body.items);
  return idempotent(transact, { userId, scope: 'add-books-batch', key: idempotencyKey, body }, async (tx) => {
    const firstIndex = new Map<string, number>();
    const entries: NewEntry[] = [];
    refs.forEach((ref, i) => {
      if (!ref.ok || firstIndex.has(ref.bookId)) return;
      firstIndex.set(ref.bookId, i);
      entries.push({ bookId: ref.bookId, changes: changesFromPatch(body.items[i]!), source: 'manual' });
    });
    const created = await insertEntries(tx, userId, entries);
    const createdIds = new Map(created.map((r) => [r.book_id, r.id]));
    const existing = await new UserBookQueries(tx).byBookIds(
      userId,
      entries.map((e) => e.bookId).filter((id) => !createdIds.has(id)),
    );
    const existingIds = new Map(existing.map((r) => [r.book_id, r.id]));
    const items = refs.map((ref, index): Item => {
      if (!ref.ok) return { index, outcome: ref.reason, userBookId: null, bookId: null, message: ref.message };
      const createdId = createdIds.get(ref.bookId);
      if (createdId && firstIndex.get(ref.bookId) === index) {
        return { index, outcome: 'created', userBookId: createdId, bookId: ref.bookId, message: null };
      }
      const id = createdId ?? existingIds.get(ref.bookId) ?? null;
      return { index, outcome: 'existing', userBookId: id, bookId: ref.bookId, message: createdId ? 'named twice in this batch' : 'already in your library' };
    });
    const counts = { created: 0, existing: 0, not_found: 0, invalid: 0 };
    for (const it of items) counts[it.outcome]++;
    return { status: 200, body: { items, counts } };
  });
}
