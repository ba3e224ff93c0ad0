import { claimEvent } from '@bookshelf/platform';
import { SCHEMA, type PrismaClient, type Tx } from './prisma';
import { lockLiveReader } from './reader-lock';

const CONSUMER = 'recommender';

/** Which event wrote a row: newer (occurred_at, event_id) wins, so replays and late events change nothing. */
export interface EventStamp {
  eventId: string;
  at: Date;
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'reader-deleted';

export interface ReaderPreferencesRow {
  preferredGenres: string[];
  genreWeights: Record<string, number>;
  blockedAuthors: string[];
  language: string | null;
}

export interface InteractionWrite {
  userId: string;
  bookId: string;
  userBookId: string;
  status: string | null;
  rating: number | null;
  owned: boolean;
  shelves: string[];
  strength: number;
}

/** Projections about readers (preferences, library interactions), written only by events. */
export class ReaderProjection {
  constructor(private readonly prisma: PrismaClient) {}

  /** Runs `apply` at most once per event, under the reader's row lock, unless the reader was deleted. */
  private once(stamp: EventStamp, userId: string, apply: (tx: Tx) => Promise<unknown>): Promise<ApplyOutcome> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await claimEvent(tx, SCHEMA, CONSUMER, stamp.eventId))) return 'duplicate';
      if (!(await lockLiveReader(tx, userId))) return 'reader-deleted';
      await apply(tx);
      return 'applied';
    });
  }

  provisioned(stamp: EventStamp, userId: string): Promise<ApplyOutcome> {
    return this.once(stamp, userId, async () => undefined);
  }

  preferences(stamp: EventStamp, userId: string, prefs: ReaderPreferencesRow): Promise<ApplyOutcome> {
    return this.once(stamp, userId, (tx) =>
      tx.$executeRawUnsafe(
        `UPDATE users SET preferred_genres = $2::text[], genre_weights = $3::jsonb, blocked_authors = $4::text[],
                language = $5, preferences_at = $6::timestamptz, preferences_event_id = $7, updated_at = now()
          WHERE id = $1
            AND (preferences_at IS NULL OR (preferences_at, preferences_event_id) < ($6::timestamptz, $7))`,
        userId,
        prefs.preferredGenres,
        JSON.stringify(prefs.genreWeights),
        prefs.blockedAuthors,
        prefs.language,
        stamp.at,
        stamp.eventId,
      ),
    );
  }

  libraryChanged(stamp: EventStamp, w: InteractionWrite): Promise<ApplyOutcome> {
    return this.once(stamp, w.userId, (tx) =>
      tx.$executeRawUnsafe(
        `INSERT INTO interactions (user_id, book_id, user_book_id, status, rating, owned, shelves, strength, removed, occurred_at, event_id)
         VALUES ($1, $2, $3, $4, $5::float8, $6, $7::text[], $8::float8, false, $9::timestamptz, $10)
         ON CONFLICT (user_id, book_id) DO UPDATE SET
           user_book_id = EXCLUDED.user_book_id, status = EXCLUDED.status, rating = EXCLUDED.rating, owned = EXCLUDED.owned,
           shelves = EXCLUDED.shelves, strength = EXCLUDED.strength, removed = false,
           occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id, updated_at = now()
         WHERE (interactions.occurred_at, interactions.event_id) < (EXCLUDED.occurred_at, EXCLUDED.event_id)`,
        w.userId,
        w.bookId,
        w.userBookId,
        w.status,
        w.rating,
        w.owned,
        w.shelves,
        w.strength,
        stamp.at,
        stamp.eventId,
      ),
    );
  }

  /**
   * Keeps a tombstone row so an older add delivered late stays ignored. Only the same library
   * entry can remove the book: removing an old copy must not hide a newer one.
   */
  libraryRemoved(stamp: EventStamp, r: { userId: string; bookId: string; userBookId: string }): Promise<ApplyOutcome> {
    return this.once(stamp, r.userId, (tx) =>
      tx.$executeRawUnsafe(
        `INSERT INTO interactions (user_id, book_id, user_book_id, strength, removed, occurred_at, event_id)
         VALUES ($1, $2, $3, 0, true, $4::timestamptz, $5)
         ON CONFLICT (user_id, book_id) DO UPDATE SET
           status = NULL, rating = NULL, owned = false, shelves = '{}', strength = 0, removed = true,
           occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id, updated_at = now()
         WHERE interactions.user_book_id = EXCLUDED.user_book_id
           AND (interactions.occurred_at, interactions.event_id) < (EXCLUDED.occurred_at, EXCLUDED.event_id)`,
        r.userId,
        r.bookId,
        r.userBookId,
        stamp.at,
        stamp.eventId,
      ),
    );
  }

  /** user.deleted: everything about the reader goes; a bare tombstone row keeps late events out. */
  purge(stamp: EventStamp, userId: string): Promise<ApplyOutcome> {
    return this.once(stamp, userId, async (tx) => {
      await tx.$executeRawUnsafe(
        `UPDATE users SET deleted_at = now(), updated_at = now(), preferred_genres = '{}', genre_weights = '{}'::jsonb,
                blocked_authors = '{}', language = NULL, preferences_at = NULL, preferences_event_id = NULL
          WHERE id = $1`,
        userId,
      );
      for (const table of ['interactions', 'feedback', 'recommendations', 'recommendation_lists']) {
        await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE user_id = $1`, userId);
      }
    });
  }
}
