import { ulid } from 'ulid';
import type { EventPayload } from '@bookshelf/contracts';
import { searchColumns, type CatalogBookInput } from '../domain/catalog/catalog-book';
import type { CatalogSink, UpsertCounts } from '../domain/catalog/catalog-import';
import { publishEvents } from './outbox-bulk';
import { LONG_TX, type PrismaClient, type Sql } from './prisma';

interface Target {
  ord: number;
  id: string;
}

interface UpsertedRow {
  id: string;
  inserted: boolean;
  title: string;
  authors: string[];
  series: string | null;
  series_number: number | null;
  genres: string[];
  publication_year: number | null;
  language: string | null;
  ratings_count: number;
  average_rating: number | null;
  cover_url: string | null;
}

const COLUMNS = `id text, title text, subtitle text, series text, series_number float8, authors text[], isbn10 text, isbn13 text,
  publisher text, publication_year int, language text, page_count int, genres text[], cover_url text, average_rating float8,
  ratings_count int, source text, source_id text, title_norm text, authors_norm text, search_text text, author_sort text`;

// Incoming values win; a source that knows less than the row (no ISBN, no genres) never erases it.
const MERGED = {
  title: 'EXCLUDED.title',
  subtitle: 'EXCLUDED.subtitle',
  series: 'COALESCE(EXCLUDED.series, b.series)',
  series_number: 'CASE WHEN EXCLUDED.series IS NULL THEN b.series_number ELSE EXCLUDED.series_number END',
  authors: 'CASE WHEN cardinality(EXCLUDED.authors) > 0 THEN EXCLUDED.authors ELSE b.authors END',
  isbn10: 'COALESCE(EXCLUDED.isbn10, b.isbn10)',
  isbn13: 'COALESCE(EXCLUDED.isbn13, b.isbn13)',
  publisher: 'COALESCE(EXCLUDED.publisher, b.publisher)',
  publication_year: 'COALESCE(EXCLUDED.publication_year, b.publication_year)',
  language: 'COALESCE(EXCLUDED.language, b.language)',
  page_count: 'COALESCE(EXCLUDED.page_count, b.page_count)',
  genres: 'CASE WHEN cardinality(EXCLUDED.genres) > 0 THEN EXCLUDED.genres ELSE b.genres END',
  cover_url: 'COALESCE(EXCLUDED.cover_url, b.cover_url)',
  average_rating: 'COALESCE(EXCLUDED.average_rating, b.average_rating)',
  ratings_count: 'EXCLUDED.ratings_count',
  title_norm: 'EXCLUDED.title_norm',
  authors_norm: 'EXCLUDED.authors_norm',
  search_text: 'EXCLUDED.search_text',
  author_sort: 'EXCLUDED.author_sort',
};
const NAMES = Object.keys(MERGED);
const UPSERT_SQL = `
  INSERT INTO books AS b (${NAMES.join(', ')}, id, source, source_id)
  SELECT ${NAMES.join(', ')}, id, source, source_id FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS})
  ON CONFLICT (id) DO UPDATE SET ${NAMES.map((n) => `${n} = ${MERGED[n as keyof typeof MERGED]}`).join(', ')}, updated_at = now()
  WHERE (${NAMES.map((n) => `b.${n}`).join(', ')}) IS DISTINCT FROM (${Object.values(MERGED).join(', ')})
  RETURNING b.id, (b.xmax = 0) AS inserted, b.title, b.authors, b.series, b.series_number, b.genres, b.publication_year,
            b.language, b.ratings_count, b.average_rating, b.cover_url`;

/** Idempotent bulk upsert of catalogue books, with a catalog.book-upserted event per real change. */
export class CatalogWriter implements CatalogSink {
  constructor(private readonly prisma: PrismaClient) {}

  /** Fresh planner statistics after a bulk load, or search plans stay those of an empty table. */
  async finish(): Promise<void> {
    await this.prisma.$executeRawUnsafe(`ANALYZE books, search_words`);
  }

  async upsertBatch(input: CatalogBookInput[]): Promise<UpsertCounts> {
    const books = dedupeBatch(input);
    const skipped = input.length - books.length;
    return this.prisma.$transaction(async (tx) => {
      const targets = await resolveTargets(tx, books);
      const owners = await isbnOwners(tx, books);
      const used = new Set<string>();
      const rows: Record<string, unknown>[] = [];
      books.forEach((book, ord) => {
        const id = targets.get(ord) ?? `bk_${ulid()}`;
        if (used.has(id)) return; // two rows of this batch are the same book (matched by ISBN): first wins
        used.add(id);
        const isbn13 = book.isbn13 && (owners.get(book.isbn13) ?? id) === id ? book.isbn13 : null;
        const isbn10 = book.isbn10 && (owners.get(book.isbn10) ?? id) === id ? book.isbn10 : null;
        const s = searchColumns(book);
        rows.push({
          id, title: book.title, subtitle: book.subtitle, series: book.series, series_number: book.seriesNumber,
          authors: book.authors, isbn10, isbn13, publisher: book.publisher, publication_year: book.publicationYear,
          language: book.language, page_count: book.pageCount, genres: book.genres, cover_url: book.coverUrl,
          average_rating: book.averageRating, ratings_count: book.ratingsCount, source: book.source, source_id: book.sourceId,
          title_norm: s.titleNorm, authors_norm: s.authorsNorm, search_text: s.searchText, author_sort: s.authorSort,
        });
      });
      const changed = await tx.$queryRawUnsafe<UpsertedRow[]>(UPSERT_SQL, JSON.stringify(rows));
      await publishEvents(tx, 'catalog.book-upserted', changed.map(toEvent));
      await tx.$executeRawUnsafe(
        `INSERT INTO search_words (word)
         SELECT DISTINCT w FROM jsonb_to_recordset($1::jsonb) AS x(search_text text), unnest(string_to_array(x.search_text, ' ')) AS w
          WHERE w <> '' ORDER BY w ON CONFLICT DO NOTHING`,
        JSON.stringify(rows),
      );
      const inserted = changed.filter((r) => r.inserted).length;
      return {
        inserted,
        updated: changed.length - inserted,
        unchanged: rows.length - changed.length,
        skipped: skipped + books.length - rows.length,
      };
    }, LONG_TX);
  }
}

/** Within one batch a source id or an ISBN names one book: later duplicates are dropped / lose the ISBN. */
function dedupeBatch(input: CatalogBookInput[]): CatalogBookInput[] {
  const keys = new Set<string>();
  const isbns = new Set<string>();
  const out: CatalogBookInput[] = [];
  for (const b of input) {
    const key = `${b.source}\u0000${b.sourceId}`;
    if (keys.has(key)) continue;
    keys.add(key);
    const isbn13 = b.isbn13 && !isbns.has(b.isbn13) ? b.isbn13 : null;
    const isbn10 = b.isbn10 && !isbns.has(b.isbn10) ? b.isbn10 : null;
    if (isbn13) isbns.add(isbn13);
    if (isbn10) isbns.add(isbn10);
    out.push({ ...b, isbn13, isbn10 });
  }
  return out;
}

/** The existing row each incoming book updates: same source id first, else the same ISBN. */
async function resolveTargets(tx: Sql, books: CatalogBookInput[]): Promise<Map<number, string>> {
  const keys = books.map((b, ord) => ({ ord, source: b.source, source_id: b.sourceId, isbn13: b.isbn13, isbn10: b.isbn10 }));
  const rows = await tx.$queryRawUnsafe<Target[]>(
    `SELECT x.ord, m.id FROM jsonb_to_recordset($1::jsonb) AS x(ord int, source text, source_id text, isbn13 text, isbn10 text)
     CROSS JOIN LATERAL (
       SELECT b.id FROM books b
        WHERE (b.source = x.source AND b.source_id = x.source_id) OR b.isbn13 = x.isbn13 OR b.isbn10 = x.isbn10
        ORDER BY (b.source = x.source AND b.source_id = x.source_id) DESC, b.id LIMIT 1) m`,
    JSON.stringify(keys),
  );
  return new Map(rows.map((r) => [r.ord, r.id]));
}

/** Which book already holds each incoming ISBN (ISBNs are unique across the catalogue). */
async function isbnOwners(tx: Sql, books: CatalogBookInput[]): Promise<Map<string, string>> {
  const isbns = books.flatMap((b) => [b.isbn13, b.isbn10]).filter((i): i is string => !!i);
  if (isbns.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ id: string; isbn13: string | null; isbn10: string | null }[]>(
    `SELECT id, isbn13, isbn10 FROM books WHERE isbn13 = ANY($1::text[]) OR isbn10 = ANY($1::text[])`,
    isbns,
  );
  const owners = new Map<string, string>();
  for (const r of rows) {
    if (r.isbn13) owners.set(r.isbn13, r.id);
    if (r.isbn10) owners.set(r.isbn10, r.id);
  }
  return owners;
}

function toEvent(r: UpsertedRow): EventPayload<'catalog.book-upserted'> {
  return {
    bookId: r.id,
    title: r.title,
    authors: r.authors,
    series: r.series,
    seriesNumber: r.series_number,
    genres: r.genres,
    publicationYear: r.publication_year,
    language: r.language,
    popularity: r.ratings_count,
    averageRating: r.average_rating,
    coverUrl: r.cover_url,
  };
}
