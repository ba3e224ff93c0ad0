import type { LibraryExport } from '@bookshelf/contracts';
import { imports } from '../../data/import-repository';
import type { Sql } from '../../data/prisma';
import { social } from '../../data/social-repository';
import { UserBookQueries } from '../../data/user-book-queries';
import { toUserBook, type UserBookWithBookRow } from '../../data/user-book-row';
import { toGoodreadsCsv, type ExportEntry } from '../goodreads/goodreads-export';
import { toSummary } from '../goodreads/import-service';
import type { SocialService } from '../social/social-service';

const ALL = 1_000_000;

function exportEntry(r: UserBookWithBookRow): ExportEntry {
  return {
    bookId: r.book_id,
    source: r.b_source,
    sourceId: r.b_source_id,
    title: r.b_title,
    subtitle: r.b_subtitle,
    series: r.b_series,
    seriesNumber: r.b_series_number,
    authors: r.b_authors,
    isbn10: r.b_isbn10,
    isbn13: r.b_isbn13,
    publisher: r.b_publisher,
    pageCount: r.b_page_count,
    publicationYear: r.b_publication_year,
    averageRating: r.b_average_rating,
    status: r.status,
    rating: r.rating,
    review: r.review,
    reviewSpoiler: r.review_spoiler,
    privateNotes: r.private_notes,
    shelves: r.shelves,
    finishedOn: r.finished_on,
    readCount: r.read_count,
    owned: r.owned,
    createdAt: r.created_at.toISOString(),
  };
}

/** A reader's data out: Goodreads CSV (what that format holds), or JSON (everything). */
export class ExportService {
  private readonly queries: UserBookQueries;

  constructor(
    private readonly sql: Sql,
    private readonly socialService: SocialService,
  ) {
    this.queries = new UserBookQueries(sql);
  }

  async goodreadsCsv(userId: string): Promise<string> {
    return toGoodreadsCsv((await this.queries.all(userId)).map(exportEntry));
  }

  async json(userId: string): Promise<LibraryExport> {
    const [settings, books, following, followers, requests, importRows] = await Promise.all([
      this.socialService.settings(userId),
      this.queries.all(userId),
      social.following(this.sql, userId, ALL, null),
      social.followers(this.sql, userId, ALL, null),
      social.requests(this.sql, userId, ALL, null),
      imports.list(this.sql, userId, ALL),
    ]);
    return {
      format: 'bookshelf-library-v1',
      exportedAt: new Date().toISOString(),
      userId,
      settings,
      books: books.map(toUserBook),
      following: following.map((r) => ({ userId: r.user_id, status: r.status, since: r.created_at.toISOString() })),
      followers: followers.map((r) => ({ userId: r.user_id, since: r.created_at.toISOString() })),
      followRequests: requests.map((r) => ({ id: r.id, userId: r.user_id, createdAt: r.created_at.toISOString() })),
      imports: importRows.map(toSummary),
    };
  }
}
