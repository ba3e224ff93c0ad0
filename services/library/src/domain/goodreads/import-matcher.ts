import type { BookSummary } from '@bookshelf/contracts';
import type { BookRepository } from '../../data/book-repository';
import { toBookSummary, type BookRow } from '../../data/book-row';
import type { CatalogService } from '../catalog/catalog-service';
import { isbn10To13 } from '../catalog/isbn';
import { confidentPick, listingConfidence } from '../matching/title-author-match';
import type { GoodreadsEntry } from './goodreads-entry';

export type MatchedBy = 'isbn13' | 'isbn10' | 'book_id' | 'title_author';

export interface RowMatch {
  bookId: string | null;
  matchedBy: MatchedBy | null;
  confidence: number | null;
  /** For rows that need a person to choose: the best few books, most likely first. */
  candidates: { book: BookSummary; confidence: number }[];
}

const FUZZY_CONCURRENCY = 4;

function rowText(e: GoodreadsEntry): string {
  return [e.title.title, e.title.subtitle, e.authors[0]].filter(Boolean).join(' ');
}

/**
 * Finds the catalogue book for each row: exact ISBN-13, then ISBN-10, then the export's own book
 * id (a Goodreads id, or our bk_ id when the file came from our export), then a fuzzy title +
 * author match that is only accepted when it is confident and unambiguous.
 */
export async function matchEntries(entries: GoodreadsEntry[], books: BookRepository, catalog: CatalogService): Promise<RowMatch[]> {
  const isbn13s = [...new Set(entries.flatMap((e) => [e.isbn13, e.isbn10 ? isbn10To13(e.isbn10) : null]).filter((x): x is string => !!x))];
  const isbn10s = [...new Set(entries.map((e) => e.isbn10).filter((x): x is string => !!x))];
  const ownIds = entries.map((e) => e.bookRef).filter((r): r is string => !!r && r.startsWith('bk_'));
  const goodreadsIds = entries.map((e) => e.bookRef).filter((r): r is string => !!r && !r.startsWith('bk_'));
  const [by13, byIds, byGoodreads] = await Promise.all([
    books.byIsbn13s(isbn13s),
    books.byIds(ownIds),
    books.bySourceIds('goodreads', goodreadsIds),
  ]);
  const isbn13Map = new Map(by13.map((b) => [b.isbn13!, b]));
  const isbn10Map = new Map(by13.filter((b) => b.isbn10).map((b) => [b.isbn10!, b]));
  const missing10 = isbn10s.filter((i) => !isbn10Map.has(i));
  for (const b of await books.byIsbn10s(missing10)) isbn10Map.set(b.isbn10!, b);
  const refMap = new Map<string, BookRow>([...byIds.map((b) => [b.id, b] as const), ...byGoodreads.map((b) => [b.source_id, b] as const)]);

  const out: RowMatch[] = entries.map((e) => {
    const hit13 = e.isbn13 ? isbn13Map.get(e.isbn13) : undefined;
    if (hit13) return { bookId: hit13.id, matchedBy: 'isbn13', confidence: 1, candidates: [] };
    const hit10 = e.isbn10 ? (isbn10Map.get(e.isbn10) ?? isbn13Map.get(isbn10To13(e.isbn10))) : undefined;
    if (hit10) return { bookId: hit10.id, matchedBy: 'isbn10', confidence: 1, candidates: [] };
    const hitRef = e.bookRef ? refMap.get(e.bookRef) : undefined;
    // A book id is trusted only when the title agrees: ids of another catalogue could collide.
    if (hitRef && listingConfidence({ ...e.title, authors: e.authors }, hitRef) >= 0.6) {
      return { bookId: hitRef.id, matchedBy: 'book_id', confidence: 1, candidates: [] };
    }
    return { bookId: null, matchedBy: null, confidence: null, candidates: [] };
  });

  const fuzzy = out.map((m, i) => (m.bookId ? -1 : i)).filter((i) => i >= 0 && entries[i]!.title.title);
  let next = 0;
  const worker = async () => {
    while (next < fuzzy.length) {
      const i = fuzzy[next++]!;
      out[i] = await fuzzyMatch(entries[i]!, catalog);
    }
  };
  await Promise.all(Array.from({ length: FUZZY_CONCURRENCY }, worker));
  return out;
}

async function fuzzyMatch(e: GoodreadsEntry, catalog: CatalogService): Promise<RowMatch> {
  const ranked = await catalog.rankText(rowText(e), 40);
  const scored = ranked
    .slice(0, 15)
    .map((r) => ({ item: r.row, confidence: listingConfidence({ ...e.title, authors: e.authors }, r.row) }))
    .sort((a, b) => b.confidence - a.confidence || b.item.ratings_count - a.item.ratings_count);
  const pick = confidentPick(scored);
  const candidates = scored
    .filter((s) => s.confidence >= 0.3)
    .slice(0, 3)
    .map((s) => ({ book: toBookSummary(s.item), confidence: s.confidence }));
  if (pick) return { bookId: pick.item.id, matchedBy: 'title_author', confidence: pick.confidence, candidates: [] };
  return { bookId: null, matchedBy: null, confidence: candidates[0]?.confidence ?? null, candidates };
}
