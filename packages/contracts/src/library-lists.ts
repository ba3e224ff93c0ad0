import { z } from 'zod';
import { BookSummary } from './books';
import { BookId, UserId } from './ids';
import { Visibility } from './library';
import { page } from './problem';

/** Curated book lists: ordered books with a note each, shared as the list's visibility allows. */

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
export const BookListId = z.string().regex(new RegExp(`^lst_${ULID}$`), 'must be a lst_ id');
export const BookListItemId = z.string().regex(new RegExp(`^lsi_${ULID}$`), 'must be a lsi_ id');
export const ListSlug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a list slug').max(120);

const Text = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const Title = Text(200).pipe(z.string().trim().min(1));
const Timestamp = z.iso.datetime();
/** 0-based place in the list; past the end means last. */
const Position = z.number().int().min(0).max(100_000);

export const MAX_LIST_ITEMS = 1_000;

export const CreateBookList = z.strictObject({
  title: Title,
  description: Text(5_000).nullable().optional(),
  visibility: Visibility.default('private'),
});
export type CreateBookList = z.infer<typeof CreateBookList>;

export const BookListPatch = z
  .strictObject({ title: Title.optional(), description: Text(5_000).nullable().optional(), visibility: Visibility.optional() })
  .refine((v) => v.title !== undefined || v.description !== undefined || v.visibility !== undefined, { message: 'nothing to change' });
export type BookListPatch = z.infer<typeof BookListPatch>;

export const AddBookListItem = z.strictObject({ bookId: BookId, note: Text(2_000).nullable().optional(), position: Position.optional() });
export type AddBookListItem = z.infer<typeof AddBookListItem>;

export const BookListItemPatch = z
  .strictObject({ note: Text(2_000).nullable().optional(), position: Position.optional() })
  .refine((v) => v.note !== undefined || v.position !== undefined, { message: 'nothing to change' });
export type BookListItemPatch = z.infer<typeof BookListItemPatch>;

export const BookListItem = z.object({
  id: BookListItemId,
  bookId: BookId,
  book: BookSummary,
  note: z.string().nullable(),
  position: z.number().int(),
  createdAt: Timestamp,
});
export type BookListItem = z.infer<typeof BookListItem>;

export const BookListSummary = z.object({
  id: BookListId,
  userId: UserId,
  title: z.string(),
  description: z.string().nullable(),
  visibility: Visibility,
  /** Stable public address: GET /v1/public/lists/{slug} answers while the list is public. */
  slug: ListSlug,
  itemCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type BookListSummary = z.infer<typeof BookListSummary>;
export const BookList = BookListSummary.extend({ items: z.array(BookListItem) });
export type BookList = z.infer<typeof BookList>;
export const BookListPage = page(BookListSummary);
export const BookListPageQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().min(1).max(1_000).optional() });
