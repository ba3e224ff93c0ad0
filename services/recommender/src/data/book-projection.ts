import { claimEvent } from '@bookshelf/platform';
import { SCHEMA, type PrismaClient } from './prisma';
import type { EventStamp } from './reader-projection';

export interface BookWrite {
  id: string;
  title: string;
  authors: string[];
  genres: string[];
  series: string | null;
  seriesNumber: number | null;
  publicationYear: number | null;
  language: string | null;
  popularity: number;
  averageRating: number | null;
  coverUrl: string | null;
}

/** The catalogue features the recommender needs, from catalog.book-upserted. */
export class BookProjection {
  constructor(private readonly prisma: PrismaClient) {}

  upsert(stamp: EventStamp, b: BookWrite): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await claimEvent(tx, SCHEMA, 'recommender', stamp.eventId))) return false;
      await tx.$executeRawUnsafe(
        `INSERT INTO books (id, title, authors, genres, series, series_number, publication_year, language, popularity,
                            average_rating, cover_url, source_at, source_event_id)
         VALUES ($1, $2, $3::text[], $4::text[], $5, $6::float8, $7::int, $8, $9::float8, $10::float8, $11, $12::timestamptz, $13)
         ON CONFLICT (id) DO UPDATE SET
           title = EXCLUDED.title, authors = EXCLUDED.authors, genres = EXCLUDED.genres, series = EXCLUDED.series,
           series_number = EXCLUDED.series_number, publication_year = EXCLUDED.publication_year,
           language = EXCLUDED.language, popularity = EXCLUDED.popularity, average_rating = EXCLUDED.average_rating,
           cover_url = EXCLUDED.cover_url, source_at = EXCLUDED.source_at, source_event_id = EXCLUDED.source_event_id,
           updated_at = now()
         WHERE (books.source_at, books.source_event_id) < (EXCLUDED.source_at, EXCLUDED.source_event_id)`,
        b.id,
        b.title,
        b.authors,
        b.genres,
        b.series,
        b.seriesNumber,
        b.publicationYear,
        b.language,
        b.popularity,
        b.averageRating,
        b.coverUrl,
        stamp.at,
        stamp.eventId,
      );
      return true;
    });
  }
}
