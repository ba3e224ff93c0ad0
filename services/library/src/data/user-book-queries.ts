import type { LibrarySort, ReadingStatus, Visibility } from '@bookshelf/contracts';
import type { Sql } from './prisma';
import { ENTRY_WITH_BOOK_COLUMNS, type UserBookWithBookRow } from './user-book-row';

interface SortSpec {
  expr: string;
  type: string;
}

/** Sort keys never NULL (COALESCE), so keyset comparisons on (key, id) are total. */
const SORTS: Record<LibrarySort, SortSpec> = {
  added: { expr: 'ub.created_at', type: 'timestamptz' },
  updated: { expr: 'ub.updated_at', type: 'timestamptz' },
  // "The Hobbit" files under H, as on a bookshop shelf.
  title: { expr: `regexp_replace(b.title_norm, '^(the|a|an) ', '')`, type: 'text' },
  author: { expr: 'b.author_sort', type: 'text' },
  rating: { expr: 'COALESCE(ub.rating, 0)', type: 'numeric' },
  finished: { expr: `COALESCE(ub.finished_on, DATE '0001-01-01')`, type: 'date' },
};

export interface ListOptions {
  status?: ReadingStatus;
  shelf?: string;
  sort: LibrarySort;
  order: 'asc' | 'desc';
  limit: number;
  after: { key: string; id: string } | null;
  /** Entries whose own visibility override is one of these (or none) — for other readers' views. */
  entryVisibilities?: Visibility[];
}

export interface ListedRow extends UserBookWithBookRow {
  sort_key: string;
}

/** Reads of reader libraries: one entry, cursor pages, shelves. */
export class UserBookQueries {
  constructor(private readonly sql: Sql) {}

  async get(userId: string, id: string): Promise<UserBookWithBookRow | null> {
    const rows = await this.sql.$queryRawUnsafe<UserBookWithBookRow[]>(
      `SELECT ${ENTRY_WITH_BOOK_COLUMNS} FROM user_books ub JOIN books b ON b.id = ub.book_id WHERE ub.id = $1 AND ub.user_id = $2`,
      id,
      userId,
    );
    return rows[0] ?? null;
  }

  async byIds(userId: string, ids: string[]): Promise<UserBookWithBookRow[]> {
    if (ids.length === 0) return [];
    return this.sql.$queryRawUnsafe<UserBookWithBookRow[]>(
      `SELECT ${ENTRY_WITH_BOOK_COLUMNS} FROM user_books ub JOIN books b ON b.id = ub.book_id
        WHERE ub.user_id = $1 AND ub.id = ANY($2::text[])`,
      userId,
      ids,
    );
  }

  async byBookIds(userId: string, bookIds: string[]): Promise<UserBookWithBookRow[]> {
    if (bookIds.length === 0) return [];
    return this.sql.$queryRawUnsafe<UserBookWithBookRow[]>(
      `SELECT ${ENTRY_WITH_BOOK_COLUMNS} FROM user_books ub JOIN books b ON b.id = ub.book_id
        WHERE ub.user_id = $1 AND ub.book_id = ANY($2::text[])`,
      userId,
      bookIds,
    );
  }

  /** One page, plus one extra row to tell whether another page follows. */
  async list(userId: string, o: ListOptions): Promise<ListedRow[]> {
    const sort = SORTS[o.sort];
    const params: unknown[] = [userId];
    const where = ['ub.user_id = $1'];
    if (o.status) {
      params.push(o.status);
      where.push(`ub.status = $${params.length}`);
    }
    if (o.shelf) {
      params.push(o.shelf.trim().replace(/\s+/g, ' ').toLowerCase());
      where.push(`EXISTS (SELECT 1 FROM unnest(ub.shelves) AS s WHERE lower(s) = $${params.length})`);
    }
    if (o.entryVisibilities) {
      params.push(o.entryVisibilities);
      where.push(`(ub.visibility IS NULL OR ub.visibility = ANY($${params.length}::text[]))`);
    }
    const dir = o.order === 'asc' ? 'ASC' : 'DESC';
    if (o.after) {
      params.push(o.after.key, o.after.id);
      const op = o.order === 'asc' ? '>' : '<';
      where.push(`(${sort.expr}, ub.id) ${op} ($${params.length - 1}::${sort.type}, $${params.length})`);
    }
    params.push(o.limit + 1);
    return this.sql.$queryRawUnsafe<ListedRow[]>(
      `SELECT ${ENTRY_WITH_BOOK_COLUMNS}, (${sort.expr})::text AS sort_key
         FROM user_books ub JOIN books b ON b.id = ub.book_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${sort.expr} ${dir}, ub.id ${dir}
        LIMIT $${params.length}`,
      ...params,
    );
  }

  /** Every entry of a reader (export), in the order they were added. */
  async all(userId: string): Promise<UserBookWithBookRow[]> {
    return this.sql.$queryRawUnsafe<UserBookWithBookRow[]>(
      `SELECT ${ENTRY_WITH_BOOK_COLUMNS} FROM user_books ub JOIN books b ON b.id = ub.book_id
        WHERE ub.user_id = $1 ORDER BY ub.created_at, ub.id`,
      userId,
    );
  }

  async shelves(userId: string): Promise<{ name: string; count: number }[]> {
    return this.sql.$queryRawUnsafe<{ name: string; count: number }[]>(
      `SELECT s AS name, count(*)::int AS count FROM user_books ub, unnest(ub.shelves) AS s
        WHERE ub.user_id = $1 GROUP BY s ORDER BY lower(s), s`,
      userId,
    );
  }
}
