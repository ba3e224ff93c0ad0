import type { Book, BookSummary } from '@bookshelf/contracts';

/** A books row as the repositories select it (prefix with a table alias via bookColumns). */
export interface BookRow {
  id: string;
  title: string;
  subtitle: string | null;
  series: string | null;
  series_number: number | null;
  authors: string[];
  isbn10: string | null;
  isbn13: string | null;
  publisher: string | null;
  publication_year: number | null;
  language: string | null;
  page_count: number | null;
  genres: string[];
  cover_url: string | null;
  average_rating: number | null;
  ratings_count: number;
  source: string;
  source_id: string;
  created_at: Date;
  updated_at: Date;
}

const NAMES = [
  'id', 'title', 'subtitle', 'series', 'series_number', 'authors', 'isbn10', 'isbn13', 'publisher', 'publication_year',
  'language', 'page_count', 'genres', 'cover_url', 'average_rating', 'ratings_count', 'source', 'source_id', 'created_at', 'updated_at',
];

export function bookColumns(alias = 'b', prefix = ''): string {
  return NAMES.map((n) => `${alias}.${n} AS ${prefix}${n}`).join(', ');
}

export function toBook(r: BookRow): Book {
  return {
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    series: r.series,
    seriesNumber: r.series_number,
    authors: r.authors,
    isbn10: r.isbn10,
    isbn13: r.isbn13,
    publisher: r.publisher,
    publicationYear: r.publication_year,
    language: r.language,
    pageCount: r.page_count,
    genres: r.genres,
    coverUrl: r.cover_url,
    averageRating: r.average_rating,
    ratingsCount: r.ratings_count,
    source: r.source,
    sourceId: r.source_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toBookSummary(r: Pick<BookRow, 'id' | 'title' | 'authors' | 'series' | 'series_number' | 'publication_year' | 'cover_url' | 'isbn13'>): BookSummary {
  return {
    id: r.id,
    title: r.title,
    authors: r.authors,
    series: r.series,
    seriesNumber: r.series_number,
    publicationYear: r.publication_year,
    coverUrl: r.cover_url,
    isbn13: r.isbn13,
  };
}

/** The book columns a query joins in with a `b_` prefix (entries, list items). */
export interface JoinedBookColumns {
  book_id: string;
  b_title: string;
  b_authors: string[];
  b_series: string | null;
  b_series_number: number | null;
  b_publication_year: number | null;
  b_cover_url: string | null;
  b_isbn13: string | null;
}

export function joinedBookSummary(r: JoinedBookColumns): BookSummary {
  return toBookSummary({
    id: r.book_id,
    title: r.b_title,
    authors: r.b_authors,
    series: r.b_series,
    series_number: r.b_series_number,
    publication_year: r.b_publication_year,
    cover_url: r.b_cover_url,
    isbn13: r.b_isbn13,
  });
}
