import { readFile } from 'node:fs/promises';
import type { Interaction } from '../models/interaction-matrix';

export interface Rating {
  readonly userId: string;
  readonly itemId: string;
  readonly rating: number;
}

/**
 * Reads a `user_id,book_id,rating` CSV (goodbooks-10k layout, header required).
 * Columns are located by name so extra columns or another order still work.
 */
export async function readRatingsCsv(path: string): Promise<Rating[]> {
  const text = await readFile(path, 'utf8');
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const userCol = header.indexOf('user_id');
  const itemCol = header.indexOf('book_id');
  const ratingCol = header.indexOf('rating');
  if (userCol < 0 || itemCol < 0 || ratingCol < 0) {
    throw new Error(`${path}: expected columns user_id, book_id, rating; got ${header.join(',')}`);
  }
  const ratings: Rating[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.length === 0) continue;
    const cells = line.split(',');
    const rating = Number(cells[ratingCol]);
    const userId = cells[userCol];
    const itemId = cells[itemCol];
    if (userId === undefined || itemId === undefined || !Number.isFinite(rating)) {
      throw new Error(`${path}:${n + 1}: malformed row "${line}"`);
    }
    ratings.push({ userId, itemId, rating });
  }
  return ratings;
}

/** Binary implicit feedback: ratings ≥ threshold become weight-1 interactions. */
export function positiveInteractions(ratings: Iterable<Rating>, threshold = 4): Interaction[] {
  const positives: Interaction[] = [];
  for (const { userId, itemId, rating } of ratings) {
    if (rating >= threshold) positives.push({ userId, itemId, weight: 1 });
  }
  return positives;
}
