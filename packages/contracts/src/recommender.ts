import { z } from 'zod';
import { BookSummary } from './books';
import { BookId } from './ids';

/**
 * Why a book is on a reader's list, in words the reader understands. `text` is ready to show
 * (titles wrapped in *asterisks*); the other fields let an app render it its own way.
 */
export const RecommendationReason = z.object({
  kind: z.enum(['similar_to', 'preferred_genre', 'next_in_series', 'series_start', 'popular']),
  text: z.string(),
  /** The reader's book this one resembles (similar_to). */
  bookId: BookId.optional(),
  genre: z.string().optional(),
  series: z.string().optional(),
});
export type RecommendationReason = z.infer<typeof RecommendationReason>;

export const Recommendation = z.object({
  book: BookSummary,
  score: z.number(),
  reasons: z.array(RecommendationReason).min(1),
  /** The trained model that ranked it, or "cold-start" before any model exists. */
  modelVersion: z.string(),
  generatedAt: z.iso.datetime(),
});
export type Recommendation = z.infer<typeof Recommendation>;

export const RecommendationList = z.object({
  items: z.array(Recommendation),
  modelVersion: z.string(),
  generatedAt: z.iso.datetime(),
});
export type RecommendationList = z.infer<typeof RecommendationList>;

export const RecommendationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type RecommendationsQuery = z.infer<typeof RecommendationsQuery>;

export const FeedbackType = z.enum(['like', 'dismiss']);
export type FeedbackType = z.infer<typeof FeedbackType>;

export const RecommendationFeedbackRequest = z.strictObject({ type: FeedbackType });
export type RecommendationFeedbackRequest = z.infer<typeof RecommendationFeedbackRequest>;

export const RecommendationFeedback = z.object({
  bookId: BookId,
  type: FeedbackType,
  updatedAt: z.iso.datetime(),
});
export type RecommendationFeedback = z.infer<typeof RecommendationFeedback>;
