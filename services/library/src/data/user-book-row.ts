import type { EntrySource, EventPayload, ReadingStatus, UserBook, Visibility } from '@bookshelf/contracts';
import { joinedBookSummary } from './book-row';

export interface UserBookRow {
  id: string;
  user_id: string;
  book_id: string;
  status: ReadingStatus | null;
  rating: number | null;
  review: string | null;
  review_spoiler: boolean;
  private_notes: string | null;
  shelves: string[];
  progress_page: number | null;
  progress_percent: number | null;
  started_on: string | null;
  finished_on: string | null;
  read_count: number;
  owned: boolean;
  location_shelf: string | null;
  location_position: number | null;
  loaned_to: string | null;
  loaned_since: string | null;
  visibility: Visibility | null;
  source: EntrySource;
  source_id: string | null;
  version: number;
  /** bigint as text: the driver would hand back a BigInt. */
  change_seq: string;
  created_at: Date;
  updated_at: Date;
}

export interface UserBookWithBookRow extends UserBookRow {
  b_title: string;
  b_subtitle: string | null;
  b_authors: string[];
  b_series: string | null;
  b_series_number: number | null;
  b_publication_year: number | null;
  b_cover_url: string | null;
  b_isbn10: string | null;
  b_isbn13: string | null;
  b_publisher: string | null;
  b_page_count: number | null;
  b_average_rating: number | null;
  b_source: string;
  b_source_id: string;
}

/** Entry columns with numeric and date types the driver would mangle cast to plain JS values. */
export const ENTRY_COLUMNS = `ub.id, ub.user_id, ub.book_id, ub.status, ub.rating::float8 AS rating, ub.review, ub.review_spoiler,
  ub.private_notes, ub.shelves, ub.progress_page, ub.progress_percent::float8 AS progress_percent,
  to_char(ub.started_on, 'YYYY-MM-DD') AS started_on, to_char(ub.finished_on, 'YYYY-MM-DD') AS finished_on, ub.read_count,
  ub.owned, ub.location_shelf, ub.location_position, ub.loaned_to, to_char(ub.loaned_since, 'YYYY-MM-DD') AS loaned_since,
  ub.visibility, ub.source, ub.source_id, ub.version, ub.change_seq::text AS change_seq, ub.created_at, ub.updated_at`;

export const ENTRY_WITH_BOOK_COLUMNS = `${ENTRY_COLUMNS}, b.title AS b_title, b.subtitle AS b_subtitle, b.authors AS b_authors,
  b.series AS b_series, b.series_number AS b_series_number, b.publication_year AS b_publication_year, b.cover_url AS b_cover_url,
  b.isbn10 AS b_isbn10, b.isbn13 AS b_isbn13, b.publisher AS b_publisher, b.page_count AS b_page_count,
  b.average_rating AS b_average_rating, b.source AS b_source, b.source_id AS b_source_id`;

export function toUserBook(r: UserBookWithBookRow): UserBook {
  return {
    id: r.id,
    bookId: r.book_id,
    book: joinedBookSummary(r),
    status: r.status,
    rating: r.rating,
    review: r.review,
    reviewSpoiler: r.review_spoiler,
    privateNotes: r.private_notes,
    shelves: r.shelves,
    progress: r.progress_page === null && r.progress_percent === null ? null : { page: r.progress_page, percent: r.progress_percent },
    startedOn: r.started_on,
    finishedOn: r.finished_on,
    readCount: r.read_count,
    owned: r.owned,
    location: r.location_shelf === null && r.location_position === null ? null : { shelf: r.location_shelf, position: r.location_position },
    loan: r.loaned_to === null ? null : { to: r.loaned_to, since: r.loaned_since },
    visibility: r.visibility,
    source: r.source,
    sourceId: r.source_id,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function changedEvent(r: UserBookRow): EventPayload<'library.book-added'> {
  return {
    userId: r.user_id,
    userBookId: r.id,
    bookId: r.book_id,
    status: r.status,
    rating: r.rating,
    owned: r.owned,
    shelves: r.shelves,
    occurredAt: r.updated_at.toISOString(),
  };
}
