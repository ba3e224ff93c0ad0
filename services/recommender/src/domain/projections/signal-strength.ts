import type { ReadingStatus } from '@bookshelf/contracts';

export interface LibraryFacts {
  status: ReadingStatus | null;
  rating: number | null;
  owned: boolean;
  shelves: readonly string[];
}

/** A like on a recommendation: a positive about as strong as having read the book. */
export const LIKE_STRENGTH = 0.6;

const FAVOURITE_SHELVES = new Set(['favorites', 'favourites', 'favorite', 'favourite', 'faves', 'all-time-favorites']);

const STATUS_STRENGTH: Record<ReadingStatus, number> = {
  read: 0.6,
  reading: 0.5,
  paused: 0.3,
  want_to_read: 0.3,
  did_not_finish: 0,
};

/**
 * Implicit-feedback strength in [0, 1] of one library entry: ratings ≥ 4★ are strong
 * positives, reading/owning/wanting weaker ones. A low rating or an abandoned book is no
 * positive at all, whatever else is true of it (it still keeps the book off the list).
 */
export function signalStrength(f: LibraryFacts): number {
  if (f.rating !== null && f.rating <= 2.5) return 0;
  if (f.status === 'did_not_finish') return 0;
  let s = f.status ? STATUS_STRENGTH[f.status] : 0;
  if (f.rating !== null) s = Math.max(s, f.rating >= 4 ? 0.8 + (f.rating - 4) * 0.2 : 0.4);
  if (f.owned) s = Math.max(s, 0.4);
  if (f.shelves.some((shelf) => FAVOURITE_SHELVES.has(shelf.trim().toLowerCase()))) s = Math.max(s, 0.9);
  return Math.round(s * 1000) / 1000;
}
