import { z } from 'zod';
import { BookId } from './ids';

/** The short form of a catalogue book that other services embed in their answers. */
export const BookSummary = z.object({
  id: BookId,
  title: z.string(),
  authors: z.array(z.string()),
  series: z.string().nullable(),
  seriesNumber: z.number().nullable(),
  publicationYear: z.number().int().nullable(),
  coverUrl: z.string().nullable(),
  isbn13: z.string().nullable(),
});
export type BookSummary = z.infer<typeof BookSummary>;

export const SpineCandidate = z.object({
  book: BookSummary,
  /** 0..1: how sure the matcher is that this spine is this book. */
  confidence: z.number().min(0).max(1),
  matchedBy: z.enum(['isbn', 'title_author', 'title']),
});
export type SpineCandidate = z.infer<typeof SpineCandidate>;

/** What `catalog.match-spines` returns to the scan's finalize job (via BullMQ children values). */
export const MatchSpinesResult = z.object({
  spines: z.array(
    z.object({
      detectionId: z.string(),
      candidates: z.array(SpineCandidate).max(10),
      /** The book chosen for this spine when solving the whole shelf at once, if confident. */
      suggestedBookId: BookId.nullable(),
    }),
  ),
});
export type MatchSpinesResult = z.infer<typeof MatchSpinesResult>;
