import {
  BookId,
  type BookSummary,
  type FeedbackType,
  type Recommendation,
  type RecommendationFeedback,
  type RecommendationList,
  type RecommendationReason,
} from '@bookshelf/contracts';
import { NotFoundError } from '@bookshelf/platform';
import type { CatalogRepository } from '../../data/catalog-repository';
import type { FeedbackRepository } from '../../data/feedback-repository';
import type { ListRepository } from '../../data/list-repository';
import type { ProfileRepository } from '../../data/profile-repository';
import type { RefreshScheduler } from '../projections/projection-service';
import type { BookFeatures } from '../ranking/catalog';
import { rankForReader } from '../ranking/rank';
import { toProfiles } from '../ranking/reader-profile';
import type { CatalogCache } from './catalog-cache';
import type { ModelCache } from './model-cache';

/** What a list is labelled with before any model has been trained. */
export const COLD_START = 'cold-start';

function summary(b: BookFeatures): BookSummary {
  return {
    id: b.id,
    title: b.title,
    authors: b.authors,
    series: b.series,
    seriesNumber: b.seriesNumber,
    publicationYear: b.publicationYear,
    coverUrl: b.coverUrl,
    isbn13: null,
  };
}

export interface ServingDeps {
  profiles: ProfileRepository;
  lists: ListRepository;
  books: CatalogRepository;
  feedback: FeedbackRepository;
  catalogs: CatalogCache;
  models: ModelCache;
  refresh: RefreshScheduler;
}

/** `GET /me/recommendations` and feedback: the stored list, filtered now, topped up live. */
export class RecommendationsService {
  constructor(private readonly d: ServingDeps) {}

  async list(userId: string, limit: number): Promise<RecommendationList> {
    const [catalog, rows, stored] = await Promise.all([
      this.d.catalogs.get(),
      this.d.profiles.load([userId]),
      this.d.lists.read(userId),
    ]);
    const profile = toProfiles([userId], rows).get(userId)!;
    const items: Recommendation[] = [];
    for (const s of stored) {
      if (items.length >= limit) break;
      const book = catalog.get(s.book_id);
      // The list may predate a change of the reader's block list.
      if (!book || catalog.authorsOf(book.id).some((a) => profile.blockedAuthors.has(a))) continue;
      items.push({
        book: summary(book),
        score: s.score,
        reasons: s.reasons as RecommendationReason[],
        modelVersion: s.model_version,
        generatedAt: s.generated_at.toISOString(),
      });
    }
    let modelVersion = stored[0]?.model_version;
    let generatedAt = stored[0]?.generated_at.toISOString();
    // A new reader, or one who dismissed their way through the list: rank now, never answer empty.
    if (items.length < limit) {
      const model = await this.d.models.latest();
      const now = new Date().toISOString();
      const version = model?.version ?? COLD_START;
      const have = new Set(items.map((i) => i.book.id));
      for (const r of rankForReader({ profile, catalog, model, n: limit + items.length })) {
        if (items.length >= limit) break;
        if (have.has(r.bookId)) continue;
        const book = catalog.get(r.bookId)!;
        items.push({ book: summary(book), score: r.score, reasons: r.reasons, modelVersion: version, generatedAt: now });
      }
      modelVersion ??= version;
      generatedAt ??= now;
    }
    return { items, modelVersion: modelVersion ?? COLD_START, generatedAt: generatedAt ?? new Date().toISOString() };
  }

  async feedback(userId: string, bookId: string, type: FeedbackType): Promise<RecommendationFeedback> {
    if (!BookId.safeParse(bookId).success || !(await this.d.books.exists(bookId))) throw new NotFoundError('Book not found');
    const recorded = await this.d.feedback.record(userId, bookId, type);
    if (!recorded) throw new NotFoundError('User not found');
    // Dismissals are filtered at read time already; the refresh refills the list behind them.
    await this.d.refresh.schedule(userId);
    return { bookId, type, updatedAt: recorded.updatedAt.toISOString() };
  }
}
