import type { Visibility } from '@bookshelf/contracts';
import type { Sql } from './prisma';

export interface ListRow {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  visibility: Visibility;
  slug: string;
  item_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface ListItemRow {
  id: string;
  book_id: string;
  note: string | null;
  position: number;
  created_at: Date;
  b_title: string;
  b_authors: string[];
  b_series: string | null;
  b_series_number: number | null;
  b_publication_year: number | null;
  b_cover_url: string | null;
  b_isbn13: string | null;
}

const LIST_COLUMNS = `l.id, l.user_id, l.title, l.description, l.visibility, l.slug, l.created_at, l.updated_at,
  (SELECT count(*)::int FROM book_list_items i WHERE i.list_id = l.id) AS item_count`;

const ITEM_COLUMNS = `i.id, i.book_id, i.note, i.created_at,
  b.title AS b_title, b.authors AS b_authors, b.series AS b_series, b.series_number AS b_series_number,
  b.publication_year AS b_publication_year, b.cover_url AS b_cover_url, b.isbn13 AS b_isbn13`;

/** Curated lists and their items. Items are ordered by position_key (see domain/lists/order-key). */
export const lists = {
  async create(sql: Sql, l: { id: string; userId: string; title: string; description: string | null; visibility: Visibility; slug: string }): Promise<void> {
    await sql.$executeRawUnsafe(
      `INSERT INTO book_lists (id, user_id, title, description, visibility, slug) VALUES ($1, $2, $3, $4, $5, $6)`,
      l.id,
      l.userId,
      l.title,
      l.description,
      l.visibility,
      l.slug,
    );
  },

  async get(sql: Sql, id: string): Promise<ListRow | null> {
    const rows = await sql.$queryRawUnsafe<ListRow[]>(`SELECT ${LIST_COLUMNS} FROM book_lists l WHERE l.id = $1`, id);
    return rows[0] ?? null;
  },

  async bySlug(sql: Sql, slug: string): Promise<ListRow | null> {
    const rows = await sql.$queryRawUnsafe<ListRow[]>(`SELECT ${LIST_COLUMNS} FROM book_lists l WHERE l.slug = $1`, slug);
    return rows[0] ?? null;
  },

  /** Locks the owner's list for the rest of the transaction (item order changes one at a time). */
  async lockOwned(sql: Sql, id: string, userId: string): Promise<boolean> {
    const rows = await sql.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM book_lists WHERE id = $1 AND user_id = $2 FOR UPDATE`, id, userId);
    return rows.length > 0;
  },

  async update(sql: Sql, id: string, set: { title?: string; description?: string | null; visibility?: Visibility }): Promise<void> {
    await sql.$executeRawUnsafe(
      `UPDATE book_lists SET title = COALESCE($2, title),
              description = CASE WHEN $3::boolean THEN $4 ELSE description END,
              visibility = COALESCE($5, visibility), updated_at = now()
        WHERE id = $1`,
      id,
      set.title ?? null,
      set.description !== undefined,
      set.description ?? null,
      set.visibility ?? null,
    );
  },

  async touch(sql: Sql, id: string): Promise<void> {
    await sql.$executeRawUnsafe(`UPDATE book_lists SET updated_at = now() WHERE id = $1`, id);
  },

  async remove(sql: Sql, id: string, userId: string): Promise<boolean> {
    return (await sql.$executeRawUnsafe(`DELETE FROM book_lists WHERE id = $1 AND user_id = $2`, id, userId)) > 0;
  },

  /** Newest first; `visibilities` undefined = all of them (the owner). */
  async page(sql: Sql, userId: string, visibilities: Visibility[] | undefined, limit: number, after: { t: string; i: string } | null): Promise<ListRow[]> {
    return sql.$queryRawUnsafe<ListRow[]>(
      `SELECT ${LIST_COLUMNS} FROM book_lists l
        WHERE l.user_id = $1 AND ($2::text[] IS NULL OR l.visibility = ANY($2::text[]))
          AND ($3::timestamptz IS NULL OR (l.created_at, l.id) < ($3::timestamptz, $4))
        ORDER BY l.created_at DESC, l.id DESC LIMIT $5`,
      userId,
      visibilities ?? null,
      after?.t ?? null,
      after?.i ?? '',
      limit + 1,
    );
  },

  async items(sql: Sql, listId: string): Promise<ListItemRow[]> {
    return sql.$queryRawUnsafe<ListItemRow[]>(
      `SELECT ${ITEM_COLUMNS}, (row_number() OVER (ORDER BY i.position_key) - 1)::int AS position
         FROM book_list_items i JOIN books b ON b.id = i.book_id
        WHERE i.list_id = $1 ORDER BY i.position_key`,
      listId,
    );
  },

  async item(sql: Sql, listId: string, itemId: string): Promise<ListItemRow | null> {
    const rows = await sql.$queryRawUnsafe<ListItemRow[]>(
      `SELECT ${ITEM_COLUMNS},
              (SELECT count(*)::int FROM book_list_items o WHERE o.list_id = i.list_id AND o.position_key < i.position_key) AS position
         FROM book_list_items i JOIN books b ON b.id = i.book_id
        WHERE i.list_id = $1 AND i.id = $2`,
      listId,
      itemId,
    );
    return rows[0] ?? null;
  },

  async countItems(sql: Sql, listId: string): Promise<number> {
    const rows = await sql.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM book_list_items WHERE list_id = $1`, listId);
    return rows[0]?.n ?? 0;
  },

  /**
   * The keys an item placed at 0-based `position` goes between (null: list start / end), the
   * moving item itself left out. Reads two keys, never the whole list.
   */
  async neighbours(sql: Sql, listId: string, position: number, movingId: string | null): Promise<[string | null, string | null]> {
    const keys = async (order: 'ASC' | 'DESC', offset: number, limit: number) =>
      (
        await sql.$queryRawUnsafe<{ k: string }[]>(
          `SELECT position_key AS k FROM book_list_items WHERE list_id = $1 AND id <> $2 ORDER BY position_key ${order} LIMIT $3 OFFSET $4`,
          listId,
          movingId ?? '',
          limit,
          offset,
        )
      ).map((r) => r.k);
    if (position === 0) return [null, (await keys('ASC', 0, 1))[0] ?? null];
    const [before, after] = await keys('ASC', position - 1, 2);
    if (before === undefined) return [(await keys('DESC', 0, 1))[0] ?? null, null];
    return [before, after ?? null];
  },

  /** False when the book is already on the list. */
  async addItem(sql: Sql, i: { id: string; listId: string; bookId: string; note: string | null; key: string }): Promise<boolean> {
    const n = await sql.$executeRawUnsafe(
      `INSERT INTO book_list_items (id, list_id, book_id, note, position_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (list_id, book_id) DO NOTHING`,
      i.id,
      i.listId,
      i.bookId,
      i.note,
      i.key,
    );
    return n === 1;
  },

  async updateItem(sql: Sql, listId: string, itemId: string, set: { note?: string | null; key?: string }): Promise<boolean> {
    const n = await sql.$executeRawUnsafe(
      `UPDATE book_list_items SET note = CASE WHEN $3::boolean THEN $4 ELSE note END, position_key = COALESCE($5, position_key), updated_at = now()
        WHERE list_id = $1 AND id = $2`,
      listId,
      itemId,
      set.note !== undefined,
      set.note ?? null,
      set.key ?? null,
    );
    return n > 0;
  },

  async removeItem(sql: Sql, listId: string, itemId: string): Promise<boolean> {
    return (await sql.$executeRawUnsafe(`DELETE FROM book_list_items WHERE list_id = $1 AND id = $2`, listId, itemId)) > 0;
  },
};
