import type { ImportRowOutcomeRecord } from '../../data/import-repository';
import { mergeIntoExisting } from '../../data/import-merge';
import type { Sql } from '../../data/prisma';
import { UserBookQueries } from '../../data/user-book-queries';
import { insertEntries, type NewEntry } from '../../data/user-book-writes';
import { isbn10To13 } from '../catalog/isbn';
import type { GoodreadsEntry } from './goodreads-entry';
import type { RowMatch } from './import-matcher';

type ChunkRow = GoodreadsEntry | { row: number; invalid: string };

/**
 * Applies one chunk of matched rows in the caller's transaction: new books are added (keeping
 * Goodreads' date added), books already in the library get only what they lack. Returns one
 * outcome per row.
 */
export async function applyChunk(tx: Sql, userId: string, importId: string, chunk: ChunkRow[], matches: RowMatch[]): Promise<ImportRowOutcomeRecord[]> {
  const valid = chunk.filter((e): e is GoodreadsEntry => !('invalid' in e));
  const matchOf = new Map(valid.map((e, i) => [e.row, matches[i]!]));
  const first = new Map<string, number>();
  const toInsert: NewEntry[] = [];
  const toMerge: { row: number; bookId: string; changes: GoodreadsEntry['changes'] }[] = [];
  for (const e of valid) {
    const bookId = matchOf.get(e.row)?.bookId;
    if (!bookId) continue;
    if (first.has(bookId)) {
      toMerge.push({ row: e.row, bookId, changes: e.changes });
      continue;
    }
    first.set(bookId, e.row);
    toInsert.push({ bookId, changes: e.changes, source: 'import', sourceId: importId, createdAt: e.addedOn ? `${e.addedOn}T00:00:00Z` : null });
  }
  const created = await insertEntries(tx, userId, toInsert);
  const createdBooks = new Set(created.map((r) => r.book_id));
  for (const ins of toInsert) {
    if (!createdBooks.has(ins.bookId)) toMerge.push({ row: first.get(ins.bookId)!, bookId: ins.bookId, changes: ins.changes });
  }
  // Merged in rounds: a book named twice folds in both rows, each round one row per book.
  const merged = new Set<number>();
  let pending = toMerge.sort((a, b) => a.row - b.row);
  while (pending.length) {
    const seen = new Set<string>();
    const round = pending.filter((m) => !seen.has(m.bookId) && seen.add(m.bookId));
    pending = pending.filter((m) => !round.includes(m));
    const changed = await mergeIntoExisting(tx, userId, round);
    const changedBooks = new Set(changed.map((r) => r.book_id));
    for (const m of round) if (changedBooks.has(m.bookId)) merged.add(m.row);
  }
  const entryIds = new Map(
    (await new UserBookQueries(tx).byBookIds(userId, [...first.keys()])).map((r) => [r.book_id, r.id]),
  );
  return chunk.map((e): ImportRowOutcomeRecord => {
    if ('invalid' in e) {
      return { row_number: e.row, title: null, author: null, isbn13: null, outcome: 'invalid', matched_by: null, confidence: null, book_id: null, user_book_id: null, candidates: [], message: e.invalid };
    }
    const m = matchOf.get(e.row)!;
    const base = { row_number: e.row, title: e.rawTitle || null, author: e.authors[0] ?? null, isbn13: e.isbn13 ?? (e.isbn10 ? isbn10To13(e.isbn10) : null) };
    if (!m.bookId) {
      const review = m.candidates.length > 0;
      return {
        ...base,
        outcome: review ? 'needs_review' : 'not_found',
        matched_by: null,
        confidence: m.confidence,
        book_id: null,
        user_book_id: null,
        candidates: m.candidates,
        message: review ? 'no confident match: choose one of the candidates' : 'no matching book in the catalogue',
      };
    }
    const added = createdBooks.has(m.bookId) && first.get(m.bookId) === e.row;
    return {
      ...base,
      outcome: added ? 'added' : merged.has(e.row) ? 'merged' : 'unchanged',
      matched_by: m.matchedBy,
      confidence: m.confidence,
      book_id: m.bookId,
      user_book_id: entryIds.get(m.bookId) ?? null,
      candidates: [],
      message: null,
    };
  });
}
