import type { PrismaClient } from './prisma';

export interface BookRow {
  id: string;
  title: string;
  authors: string[];
  genres: string[];
  series: string | null;
  series_number: number | null;
  publication_year: number | null;
  language: string | null;
  popularity: number;
  average_rating: number | null;
  cover_url: string | null;
}

/** Reads of the book projection. */
export class CatalogRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Changes whenever a book is added or updated: tells a cached catalogue it is stale. */
  async stamp(): Promise<string> {
    const rows = await this.prisma.$queryRawUnsafe<{ n: number; last: Date | null }[]>(
      `SELECT count(*)::int AS n, max(updated_at) AS last FROM books`,
    );
    const row = rows[0];
    return `${row?.n ?? 0}:${row?.last?.getTime() ?? 0}`;
  }

  all(): Promise<BookRow[]> {
    return this.prisma.$queryRawUnsafe<BookRow[]>(
      `SELECT id, title, authors, genres, series, series_number, publication_year, language, popularity,
              average_rating, cover_url
         FROM books ORDER BY id`,
    );
  }

  async exists(bookId: string): Promise<boolean> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM books WHERE id = $1`, bookId);
    return rows.length > 0;
  }
}
