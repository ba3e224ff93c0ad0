import { z } from 'zod';
import { BookId, UserBookId, UserId } from './ids';
import { Preferences } from './preferences';

/** Event payloads. Events carry ids and the facts consumers need for their projections. */
export const UserProvisioned = z.object({ userId: UserId, issuer: z.string(), subject: z.string() });
export const UserPreferencesUpdated = z.object({ userId: UserId, preferences: Preferences });
export const UserDeleted = z.object({ userId: UserId });

export const BookUpserted = z.object({
  bookId: BookId,
  title: z.string(),
  authors: z.array(z.string()),
  series: z.string().nullable(),
  seriesNumber: z.number().nullable(),
  genres: z.array(z.string()),
  publicationYear: z.number().int().nullable(),
  language: z.string().nullable(),
  popularity: z.number().nonnegative(),
  averageRating: z.number().nullable(),
  coverUrl: z.string().nullable(),
});

export const ReadingStatus = z.enum(['want_to_read', 'reading', 'read', 'did_not_finish', 'paused']);
export type ReadingStatus = z.infer<typeof ReadingStatus>;

export const LibraryBookChanged = z.object({
  userId: UserId,
  userBookId: UserBookId,
  bookId: BookId,
  status: ReadingStatus.nullable(),
  rating: z.number().min(0.5).max(5).nullable(),
  owned: z.boolean(),
  shelves: z.array(z.string()),
  occurredAt: z.iso.datetime(),
});
export const LibraryBookRemoved = z.object({
  userId: UserId,
  userBookId: UserBookId,
  bookId: BookId,
  occurredAt: z.iso.datetime(),
});

export const EVENT_SCHEMAS = {
  'user.provisioned': UserProvisioned,
  'user.preferences-updated': UserPreferencesUpdated,
  'user.deleted': UserDeleted,
  'catalog.book-upserted': BookUpserted,
  'library.book-added': LibraryBookChanged,
  'library.book-updated': LibraryBookChanged,
  'library.book-removed': LibraryBookRemoved,
} as const;
export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;
