import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { z } from 'zod';
import {
  BookListId,
  BookListItemId,
  ListSlug,
  MAX_LIST_ITEMS,
  type AddBookListItem,
  type BookList,
  type BookListItem,
  type BookListItemPatch,
  type BookListPatch,
  type BookListSummary,
  type CreateBookList,
  type Visibility,
} from '@bookshelf/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@bookshelf/platform';
import type { BookRepository } from '../../data/book-repository';
import { joinedBookSummary } from '../../data/book-row';
import { lists, type ListItemRow, type ListRow } from '../../data/list-repository';
import type { Sql } from '../../data/prisma';
import type { Transact } from '../../data/transactor';
import { decodeCursor, encodeCursor } from '../cursor';
import { assertUserId, type SocialService } from '../social/social-service';
import { canSee, visibleOverrides } from '../social/visibility';
import { foldText } from '../text/normalise';
import { keyBetween } from './order-key';

const ulid = monotonicFactory();
const ListCursor = z.object({ t: z.iso.datetime(), i: z.string() });

/** "Cosy winter mysteries" → cosy-winter-mysteries-k3x9q2m1: readable, and unique by its random tail. */
export function slugFor(title: string): string {
  const words = foldText(title).replace(/[^a-z0-9 ]/g, '').trim().split(/\s+/).filter(Boolean);
  let base = '';
  for (const w of words) {
    if ((base ? base.length + 1 : 0) + w.length > 60) break;
    base = base ? `${base}-${w}` : w;
  }
  const tail = BigInt(`0x${randomBytes(6).toString('hex')}`).toString(36).padStart(8, '0').slice(-8);
  return `${base || 'list'}-${tail}`;
}

function toSummary(r: ListRow): BookListSummary {
  return {
    id: r.id,
    userId: r.user_id,
    title: r.title,
    description: r.description,
    visibility: r.visibility,
    slug: r.slug,
    itemCount: r.item_count,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function toItem(r: ListItemRow): BookListItem {
  return {
    id: r.id,
    bookId: r.book_id,
    book: joinedBookSummary(r),
    note: r.note,
    position: r.position,
    createdAt: r.created_at.toISOString(),
  };
}

function noList(): NotFoundError {
  return new NotFoundError('No such list');
}

function noItem(): NotFoundError {
  return new NotFoundError('No such list item');
}

const blankToNull = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : s);

/**
 * Curated book lists. Others see a list as its own visibility allows (and never when the owner
 * blocked them); anything not visible answers the same 404 as a missing list.
 */
export class ListService {
  constructor(
    private readonly sql: Sql,
    private readonly transact: Transact,
    private readonly books: BookRepository,
    private readonly social: SocialService,
  ) {}

  async create(userId: string, body: CreateBookList): Promise<BookList> {
    const id = `lst_${ulid()}`;
    await lists.create(this.sql, {
      id,
      userId,
      title: body.title,
      description: blankToNull(body.description) ?? null,
      visibility: body.visibility,
      slug: slugFor(body.title),
    });
    return this.full((await lists.get(this.sql, id))!);
  }

  async mine(userId: string, limit: number, cursor?: string) {
    return this.page(userId, undefined, limit, cursor);
  }

  async getMine(userId: string, listId: string): Promise<BookList> {
    return this.full(await this.owned(userId, listId));
  }

  async update(userId: string, listId: string, patch: BookListPatch): Promise<BookList> {
    await this.owned(userId, listId);
    await lists.update(this.sql, listId, { title: patch.title, description: blankToNull(patch.description), visibility: patch.visibility });
    return this.full((await lists.get(this.sql, listId))!);
  }

  async remove(userId: string, listId: string): Promise<void> {
    if (!BookListId.safeParse(listId).success || !(await lists.remove(this.sql, listId, userId))) throw noList();
  }

  async addItem(userId: string, listId: string, body: AddBookListItem): Promise<BookListItem> {
    if (!BookListId.safeParse(listId).success) throw noList();
    if ((await this.books.byIds([body.bookId])).length === 0) throw new ValidationError([{ path: 'bookId', message: 'no such book in the catalogue' }]);
    const id = `lsi_${ulid()}`;
    return this.transact(async (tx) => {
      if (!(await lists.lockOwned(tx, listId, userId))) throw noList();
      const count = await lists.countItems(tx, listId);
      if (count >= MAX_LIST_ITEMS) throw new ConflictError(`A list holds at most ${MAX_LIST_ITEMS} books`);
      const [before, after] = await lists.neighbours(tx, listId, Math.min(body.position ?? count, count), null);
      const added = await lists.addItem(tx, { id, listId, bookId: body.bookId, note: blankToNull(body.note) ?? null, key: keyBetween(before, after) });
      if (!added) throw new ConflictError('This book is already on the list');
      await lists.touch(tx, listId);
      return toItem((await lists.item(tx, listId, id))!);
    });
  }

  /** A new note and/or a move to a 0-based position (past the end = last); only this item's row changes. */
  async updateItem(userId: string, listId: string, itemId: string, patch: BookListItemPatch): Promise<BookListItem> {
    if (!BookListId.safeParse(listId).success) throw noList();
    if (!BookListItemId.safeParse(itemId).success) throw noItem();
    return this.transact(async (tx) => {
      if (!(await lists.lockOwned(tx, listId, userId))) throw noList();
      if (!(await lists.item(tx, listId, itemId))) throw noItem();
      let key: string | undefined;
      if (patch.position !== undefined) {
        const [before, after] = await lists.neighbours(tx, listId, patch.position, itemId);
        key = keyBetween(before, after);
      }
      await lists.updateItem(tx, listId, itemId, { note: blankToNull(patch.note), key });
      await lists.touch(tx, listId);
      return toItem((await lists.item(tx, listId, itemId))!);
    });
  }

  async removeItem(userId: string, listId: string, itemId: string): Promise<void> {
    if (!BookListId.safeParse(listId).success) throw noList();
    if (!BookListItemId.safeParse(itemId).success) throw noItem();
    await this.transact(async (tx) => {
      if (!(await lists.lockOwned(tx, listId, userId))) throw noList();
      if (!(await lists.removeItem(tx, listId, itemId))) throw noItem();
      await lists.touch(tx, listId);
    });
  }

  /** Someone's lists that the viewer may see. */
  async listsOf(viewerId: string, ownerId: string, limit: number, cursor?: string) {
    assertUserId(ownerId);
    const viewer = await this.social.viewerOf(viewerId, ownerId);
    if (viewer === 'blocked') throw new NotFoundError('No such reader');
    return this.page(ownerId, visibleOverrides(viewer), limit, cursor);
  }

  async oneOf(viewerId: string, ownerId: string, listId: string): Promise<BookList> {
    assertUserId(ownerId);
    if (!BookListId.safeParse(listId).success) throw noList();
    const list = await lists.get(this.sql, listId);
    if (!list || list.user_id !== ownerId) throw noList();
    if (!canSee(list.visibility, await this.social.viewerOf(viewerId, ownerId))) throw noList();
    return this.full(list);
  }

  /** No sign-in: only a public list answers. */
  async bySlug(slug: string): Promise<BookList> {
    if (!ListSlug.safeParse(slug).success) throw noList();
    const list = await lists.bySlug(this.sql, slug);
    if (!list || list.visibility !== 'public') throw noList();
    return this.full(list);
  }

  private async owned(userId: string, listId: string): Promise<ListRow> {
    if (!BookListId.safeParse(listId).success) throw noList();
    const list = await lists.get(this.sql, listId);
    if (!list || list.user_id !== userId) throw noList();
    return list;
  }

  private async full(list: ListRow): Promise<BookList> {
    return { ...toSummary(list), items: (await lists.items(this.sql, list.id)).map(toItem) };
  }

  private async page(userId: string, visibilities: Visibility[] | undefined, limit: number, cursor?: string) {
    const rows = await lists.page(this.sql, userId, visibilities, limit, decodeCursor(cursor, ListCursor));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > limit && last ? encodeCursor({ t: last.created_at.toISOString(), i: last.id }) : null,
    };
  }
}
