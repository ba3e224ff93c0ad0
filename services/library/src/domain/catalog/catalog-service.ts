import { z } from 'zod';
import type { Book, BookSearchHit, BookSearchPage, BookSearchQuery } from '@bookshelf/contracts';
import { NotFoundError, ValidationError } from '@bookshelf/platform';
import type { BookRepository } from '../../data/book-repository';
import { toBook, type BookRow } from '../../data/book-row';
import { decodeCursor, encodeCursor } from '../cursor';
import { queryTokens } from '../matching/text-evidence';
import { foldText, repairOcr } from '../text/normalise';
import { looksLikeIsbn, parseIsbn } from './isbn';
import { rank } from './search-ranking';

const SearchCursor = z.object({ s: z.number(), i: z.string() });
const MAX_TOKENS = 12;
const CANDIDATES = 200;

function asRankable(r: BookRow) {
  return { ...r, ratingsCount: r.ratings_count };
}

/** Catalogue reads: one book, and search (ISBN exact, else typo- and OCR-tolerant title/author). */
export class CatalogService {
  constructor(private readonly books: BookRepository) {}

  async get(id: string): Promise<Book> {
    const row = await this.books.byId(id);
    if (!row) throw new NotFoundError('No such book');
    return toBook(row);
  }

  async search(q: BookSearchQuery): Promise<BookSearchPage> {
    if (q.isbn !== undefined) {
      const isbn = parseIsbn(q.isbn);
      if (!isbn) throw new ValidationError([{ path: 'isbn', message: 'not a valid ISBN-10 or ISBN-13' }]);
      return this.byIsbn(isbn.isbn13, q.cursor);
    }
    const text = q.q ?? '';
    if (looksLikeIsbn(text)) {
      const isbn = parseIsbn(text);
      if (isbn) return this.byIsbn(isbn.isbn13, q.cursor);
    }
    return this.byText(text, q.limit, q.cursor);
  }

  private async byIsbn(isbn13: string, cursor: string | undefined): Promise<BookSearchPage> {
    if (cursor !== undefined) {
      decodeCursor(cursor, SearchCursor);
      return { items: [], nextCursor: null };
    }
    const rows = await this.books.byIsbn13s([isbn13]);
    return { items: rows.map((r) => ({ ...toBook(r), score: 1, matchedBy: 'isbn' as const })), nextCursor: null };
  }

  /** Ranks a short candidate list from Postgres (full text over typo-corrected words) in the domain. */
  async rankText(text: string, candidates = CANDIDATES): Promise<{ row: BookRow; score: number }[]> {
    const repaired = repairOcr(text);
    const tokens = queryTokens(repaired).slice(0, MAX_TOKENS);
    if (tokens.length === 0) return [];
    const groups = await this.books.expandTokens(tokens);
    const rows = await this.books.candidates(groups, candidates);
    return rank(tokens, rows.map(asRankable), foldText(repaired)).map((r) => ({ row: r.book, score: r.score }));
  }

  private async byText(text: string, limit: number, cursor: string | undefined): Promise<BookSearchPage> {
    const after = decodeCursor(cursor, SearchCursor);
    let ranked = await this.rankText(text);
    if (after) ranked = ranked.filter((r) => r.score < after.s || (r.score === after.s && r.row.id > after.i));
    const page = ranked.slice(0, limit);
    const items: BookSearchHit[] = page.map((r) => ({ ...toBook(r.row), score: r.score, matchedBy: 'text' }));
    const last = page[page.length - 1];
    return { items, nextCursor: ranked.length > limit && last ? encodeCursor({ s: last.score, i: last.row.id }) : null };
  }
}
