import type { EventPayload } from '@bookshelf/contracts';
import type { BookProjection } from '../../data/book-projection';
import type { ApplyOutcome, EventStamp, ReaderProjection } from '../../data/reader-projection';
import { genreKey, nameKey } from './names';
import { signalStrength } from './signal-strength';

/** Asks for a reader's list to be recomputed soon (debounced by the implementation). */
export interface RefreshScheduler {
  schedule(userId: string): Promise<void>;
}

/**
 * Applies users, catalogue and library events to the recommender's own projections. Each
 * event takes effect once (inbox) and only if it is newer than what the row holds.
 */
export class ProjectionService {
  constructor(
    private readonly readers: ReaderProjection,
    private readonly books: BookProjection,
    private readonly refresh: RefreshScheduler,
  ) {}

  async bookUpserted(stamp: EventStamp, b: EventPayload<'catalog.book-upserted'>): Promise<void> {
    await this.books.upsert(stamp, {
      id: b.bookId,
      title: b.title,
      authors: b.authors,
      genres: [...new Set(b.genres.map(genreKey).filter(Boolean))],
      series: b.series?.trim() || null,
      seriesNumber: b.seriesNumber,
      publicationYear: b.publicationYear,
      language: b.language,
      popularity: b.popularity,
      averageRating: b.averageRating,
      coverUrl: b.coverUrl,
    });
  }

  async readerProvisioned(stamp: EventStamp, p: EventPayload<'user.provisioned'>): Promise<void> {
    await this.readers.provisioned(stamp, p.userId);
  }

  async preferencesUpdated(stamp: EventStamp, p: EventPayload<'user.preferences-updated'>): Promise<void> {
    const prefs = p.preferences;
    const weights: Record<string, number> = {};
    for (const [genre, w] of Object.entries(prefs.genre_weights ?? {})) weights[genreKey(genre)] = w;
    const outcome = await this.readers.preferences(stamp, p.userId, {
      preferredGenres: [...new Set((prefs.preferred_genres ?? []).map(genreKey).filter(Boolean))],
      genreWeights: weights,
      blockedAuthors: [...new Set((prefs.author_blocklist ?? []).map(nameKey).filter(Boolean))],
      language: prefs.language ?? null,
    });
    await this.refreshUnlessGone(outcome, p.userId);
  }

  async libraryChanged(stamp: EventStamp, p: EventPayload<'library.book-added'>): Promise<void> {
    const outcome = await this.readers.libraryChanged(stamp, {
      userId: p.userId,
      bookId: p.bookId,
      userBookId: p.userBookId,
      status: p.status,
      rating: p.rating,
      owned: p.owned,
      shelves: p.shelves,
      strength: signalStrength(p),
    });
    await this.refreshUnlessGone(outcome, p.userId);
  }

  async libraryRemoved(stamp: EventStamp, p: EventPayload<'library.book-removed'>): Promise<void> {
    const outcome = await this.readers.libraryRemoved(stamp, p);
    await this.refreshUnlessGone(outcome, p.userId);
  }

  async readerDeleted(stamp: EventStamp, p: EventPayload<'user.deleted'>): Promise<void> {
    await this.readers.purge(stamp, p.userId);
  }

  /**
   * A duplicate delivery still asks for the refresh: the first delivery may have committed
   * and then died before it could enqueue one. The scheduler debounces the extra ask.
   */
  private async refreshUnlessGone(outcome: ApplyOutcome, userId: string): Promise<void> {
    if (outcome !== 'reader-deleted') await this.refresh.schedule(userId);
  }
}
