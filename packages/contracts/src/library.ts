import { z } from 'zod';
import { BookSummary } from './books';
import { ReadingStatus } from './events';
import { BookId, ImportId, UserBookId, UserId, idSchema } from './ids';
import { page } from './problem';

/** Library service DTOs: catalogue, reader libraries, social graph, import/export. */

export const FollowRequestId = idSchema('req');
const IsoDate = z.iso.date().refine((d) => d >= '1000-01-01', 'must be in year 1000 or later');
/** Free text a reader types: any characters but NUL (which no database text column holds). */
const Text = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const Timestamp = z.iso.datetime();
const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const Cursor = z.string().min(1).max(1_000).optional();

// --- catalogue -----------------------------------------------------------------------------

export const Book = z.object({
  id: BookId,
  title: z.string(),
  subtitle: z.string().nullable(),
  series: z.string().nullable(),
  seriesNumber: z.number().nullable(),
  authors: z.array(z.string()),
  isbn10: z.string().nullable(),
  isbn13: z.string().nullable(),
  publisher: z.string().nullable(),
  publicationYear: z.number().int().nullable(),
  language: z.string().nullable(),
  pageCount: z.number().int().nullable(),
  genres: z.array(z.string()),
  coverUrl: z.string().nullable(),
  averageRating: z.number().nullable(),
  ratingsCount: z.number().int(),
  source: z.string(),
  sourceId: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Book = z.infer<typeof Book>;

export const BookSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(300).optional(),
    isbn: z.string().trim().min(1).max(40).optional(),
    limit: Limit(50, 20),
    cursor: Cursor,
  })
  .refine((v) => v.q !== undefined || v.isbn !== undefined, { message: 'give q or isbn', path: ['q'] });
export type BookSearchQuery = z.infer<typeof BookSearchQuery>;

export const BookSearchHit = Book.extend({
  /** Relevance, higher is better; 1 for an exact ISBN match. */
  score: z.number(),
  matchedBy: z.enum(['isbn', 'text']),
});
export type BookSearchHit = z.infer<typeof BookSearchHit>;
export const BookSearchPage = page(BookSearchHit);
export type BookSearchPage = z.infer<typeof BookSearchPage>;

// --- privacy -------------------------------------------------------------------------------

export const Visibility = z.enum(['public', 'followers', 'private']);
export type Visibility = z.infer<typeof Visibility>;

export const LibrarySettings = z.object({
  visibility: Visibility,
  approveFollowers: z.boolean(),
  updatedAt: Timestamp.nullable(),
});
export type LibrarySettings = z.infer<typeof LibrarySettings>;

export const LibrarySettingsUpdate = z
  .strictObject({ visibility: Visibility.optional(), approveFollowers: z.boolean().optional() })
  .refine((v) => v.visibility !== undefined || v.approveFollowers !== undefined, { message: 'nothing to change' });
export type LibrarySettingsUpdate = z.infer<typeof LibrarySettingsUpdate>;

// --- reader libraries ----------------------------------------------------------------------

export const Rating = z.number().min(0.5).max(5).multipleOf(0.5, 'ratings go from 0.5 to 5 in halves');
export const ShelfName = Text(100).pipe(z.string().trim().min(1));
export const Progress = z.strictObject({
  page: z.number().int().min(0).max(100_000).nullable().optional(),
  percent: z.number().min(0).max(100).nullable().optional(),
});
export const PhysicalLocation = z.strictObject({
  shelf: Text(100).pipe(z.string().trim().min(1)).nullable().optional(),
  position: z.number().int().min(0).max(100_000).nullable().optional(),
});
export const Loan = z.strictObject({ to: Text(200).pipe(z.string().trim().min(1)), since: IsoDate.nullable().optional() });

/** Editable fields of a library entry: absent = unchanged, null = cleared. */
const EntryFields = {
  status: ReadingStatus.nullable().optional(),
  rating: Rating.nullable().optional(),
  review: Text(20_000).nullable().optional(),
  reviewSpoiler: z.boolean().optional(),
  privateNotes: Text(20_000).nullable().optional(),
  shelves: z.array(ShelfName).max(50).optional(),
  progress: Progress.nullable().optional(),
  startedOn: IsoDate.nullable().optional(),
  finishedOn: IsoDate.nullable().optional(),
  readCount: z.number().int().min(0).max(1_000).optional(),
  owned: z.boolean().optional(),
  location: PhysicalLocation.nullable().optional(),
  loan: Loan.nullable().optional(),
  /** Narrows the library's visibility for this entry only (it can never widen it). */
  visibility: Visibility.nullable().optional(),
};

export const UserBookPatch = z.strictObject(EntryFields);
export type UserBookPatch = z.infer<typeof UserBookPatch>;

/** Where an entry came from: added by hand, a confirmed scan, an import, or an offline device's sync. */
export const EntrySource = z.enum(['manual', 'scan', 'import', 'sync']);
export type EntrySource = z.infer<typeof EntrySource>;

export const AddUserBook = z
  .strictObject({
    bookId: BookId.optional(),
    isbn: z.string().trim().min(1).max(40).optional(),
    /** A device replaying an offline add says 'sync'; default 'manual'. */
    source: z.enum(['manual', 'sync']).optional(),
    ...EntryFields,
  })
  .refine((v) => (v.bookId === undefined) !== (v.isbn === undefined), { message: 'give exactly one of bookId or isbn', path: ['bookId'] });
export type AddUserBook = z.infer<typeof AddUserBook>;

export const UserBook = z.object({
  id: UserBookId,
  bookId: BookId,
  book: BookSummary,
  status: ReadingStatus.nullable(),
  rating: z.number().nullable(),
  review: z.string().nullable(),
  reviewSpoiler: z.boolean(),
  privateNotes: z.string().nullable(),
  shelves: z.array(z.string()),
  progress: z.object({ page: z.number().int().nullable(), percent: z.number().nullable() }).nullable(),
  startedOn: IsoDate.nullable(),
  finishedOn: IsoDate.nullable(),
  readCount: z.number().int(),
  owned: z.boolean(),
  location: z.object({ shelf: z.string().nullable(), position: z.number().int().nullable() }).nullable(),
  loan: z.object({ to: z.string(), since: IsoDate.nullable() }).nullable(),
  visibility: Visibility.nullable(),
  source: EntrySource,
  /** The scan or import that added the entry (null for manual and sync). */
  sourceId: z.string().nullable(),
  /** Bumped on every change; the entry's ETag is "<version>" (send it back in If-Match). */
  version: z.number().int().min(1),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type UserBook = z.infer<typeof UserBook>;
export const UserBookPage = page(UserBook);

/** What other readers see of an entry: no private notes, loans, home shelf positions or settings. */
export const PublicUserBook = UserBook.omit({ privateNotes: true, loan: true, location: true, visibility: true, source: true, sourceId: true, version: true });
export type PublicUserBook = z.infer<typeof PublicUserBook>;
export const PublicUserBookPage = page(PublicUserBook);

export const LibrarySort = z.enum(['added', 'updated', 'title', 'author', 'rating', 'finished']);
export type LibrarySort = z.infer<typeof LibrarySort>;
export const LibraryListQuery = z.object({
  status: ReadingStatus.optional(),
  shelf: ShelfName.optional(),
  sort: LibrarySort.default('added'),
  /** Defaults: newest / highest first for dates and ratings, A→Z for title and author. */
  order: z.enum(['asc', 'desc']).optional(),
  limit: Limit(100, 25),
  cursor: Cursor,
});
export type LibraryListQuery = z.infer<typeof LibraryListQuery>;

export const BatchAddRequest = z.strictObject({ items: z.array(AddUserBook).min(1).max(500) });
export type BatchAddRequest = z.infer<typeof BatchAddRequest>;
export const BatchItemOutcome = z.enum(['created', 'existing', 'not_found', 'invalid']);
export const BatchAddResponse = z.object({
  items: z.array(
    z.object({
      index: z.number().int(),
      outcome: BatchItemOutcome,
      userBookId: UserBookId.nullable(),
      bookId: BookId.nullable(),
      message: z.string().nullable(),
    }),
  ),
  counts: z.record(BatchItemOutcome, z.number().int()),
});
export type BatchAddResponse = z.infer<typeof BatchAddResponse>;

/** Undo everything one scan or import added: DELETE /v1/library/me/books?source=scan&sourceId=… */
export const RemoveBySourceQuery = z.object({
  source: z.enum(['scan', 'import']),
  sourceId: Text(100).pipe(z.string().trim().min(1)),
});
export type RemoveBySourceQuery = z.infer<typeof RemoveBySourceQuery>;
export const RemoveBySourceResult = z.object({ removed: z.number().int(), userBookIds: z.array(UserBookId) });

// --- mobile sync ---------------------------------------------------------------------------

export const ChangesQuery = z.object({
  /** The opaque cursor of the previous answer; absent = everything (a full sync). */
  since: z.string().min(1).max(500).optional(),
  limit: Limit(1_000, 500),
});
export type ChangesQuery = z.infer<typeof ChangesQuery>;
export const EntryChange = z.discriminatedUnion('type', [
  z.object({ type: z.literal('upsert'), id: UserBookId, entry: UserBook }),
  z.object({ type: z.literal('delete'), id: UserBookId, bookId: BookId, deletedAt: Timestamp }),
]);
export type EntryChange = z.infer<typeof EntryChange>;
export const ChangesPage = z.object({
  /** In change order; an entry changed twice appears once, at its latest change. */
  items: z.array(EntryChange),
  /** Pass as `since` next time (also when items is empty). */
  cursor: z.string(),
  /** More changes wait: call again at once with the cursor. */
  hasMore: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;

export const ShelfSummary = z.object({ name: z.string(), count: z.number().int() });
export const ShelfList = z.object({ items: z.array(ShelfSummary) });

// --- social graph --------------------------------------------------------------------------

export const FollowStatus = z.enum(['following', 'pending']);
export const FollowResult = z.object({ userId: UserId, status: FollowStatus });
export const Follower = z.object({ userId: UserId, since: Timestamp });
export const Following = z.object({ userId: UserId, status: FollowStatus, since: Timestamp });
export const FollowRequest = z.object({ id: FollowRequestId, userId: UserId, createdAt: Timestamp });
export type FollowRequest = z.infer<typeof FollowRequest>;
export const FollowerPage = page(Follower);
export const FollowingPage = page(Following);
export const FollowRequestPage = page(FollowRequest);
export const PageQuery = z.object({ limit: Limit(100, 50), cursor: Cursor });
export const BlockResult = z.object({ userId: UserId, blocked: z.literal(true) });
export const BlockedUser = z.object({ userId: UserId, since: Timestamp });
export const BlockedPage = page(BlockedUser);
export const FollowDecision = z.object({ id: FollowRequestId, userId: UserId, status: z.enum(['approved', 'rejected']) });

// --- import / export -----------------------------------------------------------------------

export const ImportStatus = z.enum(['queued', 'running', 'completed', 'failed']);
export const ImportRowOutcome = z.enum(['added', 'merged', 'unchanged', 'needs_review', 'not_found', 'invalid']);
export type ImportRowOutcome = z.infer<typeof ImportRowOutcome>;
export const MatchedBy = z.enum(['book_id', 'isbn13', 'isbn10', 'title_author']);

export const ImportSummary = z.object({
  id: ImportId,
  status: ImportStatus,
  format: z.literal('goodreads-csv'),
  filename: z.string().nullable(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  counts: z.record(ImportRowOutcome, z.number().int()),
  error: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportRow = z.object({
  row: z.number().int(),
  title: z.string().nullable(),
  author: z.string().nullable(),
  isbn13: z.string().nullable(),
  outcome: ImportRowOutcome,
  matchedBy: MatchedBy.nullable(),
  confidence: z.number().nullable(),
  bookId: BookId.nullable(),
  userBookId: UserBookId.nullable(),
  candidates: z.array(z.object({ book: BookSummary, confidence: z.number() })),
  message: z.string().nullable(),
});
export type ImportRow = z.infer<typeof ImportRow>;
export const ImportDetail = ImportSummary.extend({ rows: page(ImportRow) });
export const ImportDetailQuery = z.object({ outcome: ImportRowOutcome.optional(), limit: Limit(1_000, 200), cursor: Cursor });
export const ImportList = z.object({ items: z.array(ImportSummary) });

export const ExportQuery = z.object({ format: z.enum(['goodreads-csv', 'json']).default('goodreads-csv') });
export const LibraryExport = z.object({
  format: z.literal('bookshelf-library-v1'),
  exportedAt: Timestamp,
  userId: UserId,
  settings: LibrarySettings,
  books: z.array(UserBook),
  following: z.array(Following),
  followers: z.array(Follower),
  followRequests: z.array(FollowRequest),
  imports: z.array(ImportSummary),
});
export type LibraryExport = z.infer<typeof LibraryExport>;
