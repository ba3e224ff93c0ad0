import type { PrismaClient } from './prisma';
import { lockLiveReader } from './reader-lock';

export interface ListItemWrite {
  bookId: string;
  score: number;
  reasons: unknown[];
}

export interface NewList {
  userId: string;
  modelVersion: string;
  generatedAt: Date;
  items: ListItemWrite[];
}

export interface StoredItem {
  book_id: string;
  rank: number;
  score: number;
  reasons: unknown[];
  model_version: string;
  generated_at: Date;
}

/**
 * `newer`: a training batch writes only over lists of older models, so a rerun skips readers
 * already done. `same-or-newer`: a reader refresh also replaces a list of the same model.
 */
export type ReplaceRule = 'newer' | 'same-or-newer';

/** Readers' stored lists: a header row and its ranked items, replaced together. */
export class ListRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async versions(userIds: string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.$queryRawUnsafe<{ user_id: string; model_version: string }[]>(
      `SELECT user_id, model_version FROM recommendation_lists WHERE user_id = ANY($1::text[])`,
      userIds,
    );
    return new Map(rows.map((r) => [r.user_id, r.model_version]));
  }

  /**
   * Replaces the reader's list in one transaction: readers see the old list or the new one,
   * never a mix, and a killed writer leaves the old one in place. False when skipped.
   */
  replace(list: NewList, rule: ReplaceRule): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await lockLiveReader(tx, list.userId))) return false;
      const cmp = rule === 'newer' ? '<' : '<=';
      const header = await tx.$executeRawUnsafe(
        `INSERT INTO recommendation_lists (user_id, model_version, generated_at, item_count)
         VALUES ($1, $2, $3::timestamptz, $4::int)
         ON CONFLICT (user_id) DO UPDATE SET model_version = EXCLUDED.model_version,
           generated_at = EXCLUDED.generated_at, item_count = EXCLUDED.item_count
         WHERE recommendation_lists.model_version ${cmp} EXCLUDED.model_version`,
        list.userId,
        list.modelVersion,
        list.generatedAt,
        list.items.length,
      );
      if (header !== 1) return false;
      await tx.$executeRawUnsafe(`DELETE FROM recommendations WHERE user_id = $1`, list.userId);
      if (list.items.length === 0) return true;
      await tx.$executeRawUnsafe(
        `INSERT INTO recommendations (user_id, book_id, rank, score, reasons, model_version, generated_at)
         SELECT $1, t.book_id, t.ord::int, t.score, t.reasons::jsonb, $2, $3::timestamptz
           FROM unnest($4::text[], $5::float8[], $6::text[]) WITH ORDINALITY AS t(book_id, score, reasons, ord)`,
        list.userId,
        list.modelVersion,
        list.generatedAt,
        list.items.map((i) => i.bookId),
        list.items.map((i) => i.score),
        list.items.map((i) => JSON.stringify(i.reasons)),
      );
      return true;
    });
  }

  /** The stored list, minus books dismissed or added to the library since it was written. */
  read(userId: string): Promise<StoredItem[]> {
    return this.prisma.$queryRawUnsafe<StoredItem[]>(
      `SELECT r.book_id, r.rank, r.score, r.reasons, r.model_version, r.generated_at
         FROM recommendations r
        WHERE r.user_id = $1
          AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.user_id = r.user_id AND f.book_id = r.book_id AND f.type = 'dismiss')
          AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.user_id = r.user_id AND i.book_id = r.book_id AND NOT i.removed)
        ORDER BY r.rank`,
      userId,
    );
  }
}
