import { z } from 'zod';
import {
  LibrarySort,
  UserBookId,
  type AddUserBook,
  type LibraryListQuery,
  type RemoveBySourceQuery,
  type PublicUserBook,
  type UserBook,
  type UserBookPatch,
} from '@bookshelf/contracts';
import { NotFoundError, ValidationError } from '@bookshelf/platform';
import type { BookRepository } from '../../data/book-repository';
import type { Sql } from '../../data/prisma';
import type { Transact } from '../../data/transactor';
import { UserBookQueries, type ListOptions } from '../../data/user-book-queries';
import { toUserBook } from '../../data/user-book-row';
import { deleteBySource, deleteEntry, insertEntries, updateEntry } from '../../data/user-book-writes';
import { badCursor, decodeCursor, encodeCursor, isDataException } from '../cursor';
import { idempotent, type IdempotentResult } from '../idempotency';
import { assertUserId, type SocialService } from '../social/social-service';
import { canSee, visibleOverrides } from '../social/visibility';
import type { EnrichmentRequester } from '../catalog/enrichment-request';
import { parseIsbn } from '../catalog/isbn';
import { resolveBookRefs } from './book-refs';
import { changesFromPatch } from './entry-changes';

const ListCursor = z.object({ s: LibrarySort, o: z.enum(['asc', 'desc']), k: z.string(), i: z.string() });
const DEFAULT_ORDER: Record<LibrarySort, 'asc' | 'desc'> = { added: 'desc', updated: 'desc', title: 'asc', author: 'asc', rating: 'desc', finished: 'desc' };

function assertEntryId(id: string): void {
  if (!UserBookId.safeParse(id).success) throw new NotFoundError('No such library entry');
}

export function toPublic(e: UserBook): PublicUserBook {
  const { privateNotes: _n, loan: _l, location: _p, visibility: _v, source: _s, sourceId: _i, version: _ver, ...rest } = e;
  return rest;
}

/** Reader libraries: add, change, remove, list — and the view other readers get. */
export class LibraryService {
  private readonly queries: UserBookQueries;

  constructor(
    private readonly sql: Sql,
    private readonly transact: Transact,
    private readonly books: BookRepository,
    private readonly social: SocialService,
    private readonly requestEnrichment: EnrichmentRequester = async () => undefined,
  ) {
    this.queries = new UserBookQueries(sql);
  }

  async get(userId: string, id: string): Promise<UserBook> {
    assertEntryId(id);
    const row = await this.queries.get(userId, id);
    if (!row) throw new NotFoundError('No such library entry');
    return toUserBook(row);
  }

  /** 201 with the new entry, or 200 with the one already there (nothing else changes). */
  async add(userId: string, body: AddUserBook, idempotencyKey?: string): Promise<IdempotentResult<UserBook>> {
    const [ref] = await resolveBookRefs(this.books, [body]);
    if (!ref!.ok) {
      const isbn13 = body.isbn !== undefined && ref!.reason === 'not_found' ? parseIsbn(body.isbn)?.isbn13 : undefined;
      if (isbn13) {
        // Not ours yet: look it up elsewhere so that adding it again shortly works.
        await this.requestEnrichment([{ isbn13, reason: 'add-by-isbn' }]).catch(() => undefined);
        throw new ValidationError([{ path: 'isbn', message: `${ref!.message} yet; it is being looked up, try again in a minute` }]);
      }
      throw new ValidationError([{ path: body.bookId !== undefined ? 'bookId' : 'isbn', message: ref!.message }]);
    }
    const bookId = ref!.bookId;
    const changes = changesFromPatch(body);
    return idempotent(this.transact, { userId, scope: 'add-book', key: idempotencyKey, body }, async (tx) => {
      const [created] = await insertEntries(tx, userId, [{ bookId, changes, source: body.source ?? 'manual' }]);
      const [row] = await new UserBookQueries(tx).byBookIds(userId, [bookId]);
      return { status: created ? 201 : 200, body: toUserBook(row!) };
    });
  }

  /** `expectedVersion` (from If-Match): 412 when another change came first. */
  async update(userId: string, id: string, patch: UserBookPatch, expectedVersion?: number): Promise<UserBook> {
    assertEntryId(id);
    const changes = changesFromPatch(patch);
    return this.transact(async (tx) => {
      const res = await updateEntry(tx, userId, id, changes, expectedVersion);
      if (!res) throw new NotFoundError('No such library entry');
      const row = await new UserBookQueries(tx).get(userId, id);
      return toUserBook(row!);
    });
  }

  async remove(userId: string, id: string, expectedVersion?: number): Promise<void> {
    assertEntryId(id);
    const removed = await this.transact((tx) => deleteEntry(tx, userId, id, expectedVersion));
    if (!removed) throw new NotFoundError('No such library entry');
  }

  /** Undo a scan or an import: every entry it created goes (entries it only updated stay). */
  async removeBySource(userId: string, q: RemoveBySourceQuery): Promise<{ removed: number; userBookIds: string[] }> {
    const ids = await this.transact((tx) => deleteBySource(tx, userId, q.source, q.sourceId));
    return { removed: ids.length, userBookIds: ids };
  }

  async shelves(userId: string) {
    return { items: await this.queries.shelves(userId) };
  }

  async list(userId: string, q: LibraryListQuery): Promise<{ items: UserBook[]; nextCursor: string | null }> {
    return this.page(userId, q, undefined, toUserBook);
  }

  /** Someone's library as their settings allow; anything not visible is a 404 like a missing one. */
  async listOf(viewerId: string, ownerId: string, q: LibraryListQuery): Promise<{ items: PublicUserBook[]; nextCursor: string | null }> {
    assertUserId(ownerId);
    const [settings, viewer] = await Promise.all([this.social.visibilityOf(ownerId), this.social.viewerOf(viewerId, ownerId)]);
    if (!canSee(settings.visibility, viewer)) throw new NotFoundError('No such library');
    return this.page(ownerId, q, visibleOverrides(viewer), (r) => toPublic(toUserBook(r)));
  }

  private async page<T>(
    userId: string,
    q: LibraryListQuery,
    entryVisibilities: ListOptions['entryVisibilities'],
    map: (r: Parameters<typeof toUserBook>[0]) => T,
  ): Promise<{ items: T[]; nextCursor: string | null }> {
    const order = q.order ?? DEFAULT_ORDER[q.sort];
    const after = decodeCursor(q.cursor, ListCursor);
    if (after && (after.s !== q.sort || after.o !== order)) {
      throw new ValidationError([{ path: 'cursor', message: 'belongs to another sort order; start again without it' }]);
    }
    const rows = await this.queries
      .list(userId, {
      status: q.status,
      shelf: q.shelf,
      sort: q.sort,
      order,
      limit: q.limit,
        after: after ? { key: after.k, id: after.i } : null,
        entryVisibilities,
      })
      .catch((err: unknown) => {
        // A forged cursor whose key does not fit the sort column.
        if (after && isDataException(err)) throw badCursor();
        throw err;
      });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(map),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ s: q.sort, o: order, k: last.sort_key, i: last.id }) : null,
    };
  }
}
