import { Catalog, type BookFeatures, type SeriesVolume } from './catalog';
import type { ReaderProfile } from './reader-profile';

/** The volume of a series worth recommending to this reader, and why. */
export interface SeriesPick {
  bookId: string;
  series: string;
  /** next: the reader is part-way through; start: the reader has not begun it. */
  reason: 'next' | 'start';
}

const PROGRESS = new Set(['read', 'reading', 'paused', 'did_not_finish']);

/** Whole-numbered volumes first: "next" after book 1 is book 2, not the 1.5 novella. */
function firstOf(volumes: readonly SeriesVolume[], allowed: (id: string) => boolean): SeriesVolume | undefined {
  const ok = volumes.filter((v) => allowed(v.bookId));
  return ok.find((v) => Number.isInteger(v.number) && v.number >= 1) ?? ok.find((v) => Number.isInteger(v.number)) ?? ok[0];
}

/**
 * Which volume of `book`'s series to recommend instead of `book`: the next unread one when
 * the reader has started the series (nothing if that one is already in their library, or
 * they gave up on it), the first one when they have not. `undefined` for standalone books.
 */
export function pickInSeries(
  book: BookFeatures,
  profile: ReaderProfile,
  catalog: Catalog,
  allowed: (id: string) => boolean,
): SeriesPick | null | undefined {
  const volumes = catalog.volumesOf(book);
  if (volumes.length < 2 || !book.series) return undefined;
  const series = book.series;
  const had = volumes.filter((v) => profile.library.has(v.bookId));
  if (had.length === 0) {
    const first = firstOf(volumes, allowed);
    return first ? { bookId: first.bookId, series, reason: 'start' } : null;
  }
  const progressed = had.filter((v) => {
    const e = profile.library.get(v.bookId)!;
    return (e.status !== null && PROGRESS.has(e.status)) || e.rating !== null;
  });
  // Only queued volumes (want to read, owned): the reader already has their way in.
  if (progressed.length === 0) return null;
  const last = progressed.reduce((a, b) => (b.number > a.number ? b : a));
  if (profile.library.get(last.bookId)!.strength === 0) return null; // abandoned or disliked
  const numbersHad = new Set(had.map((v) => v.number));
  const later = volumes.filter((v) => v.number > last.number);
  const next = firstOf(later, () => true);
  if (!next || numbersHad.has(next.number)) return null;
  const edition = firstOf(later.filter((v) => v.number === next.number), allowed);
  return edition ? { bookId: edition.bookId, series, reason: 'next' } : null;
}

/** Series the reader is part-way through, with their next volume and how much they liked it so far. */
export function seriesInProgress(
  profile: ReaderProfile,
  catalog: Catalog,
  allowed: (id: string) => boolean,
): { pick: SeriesPick; strength: number }[] {
  const bySeries = new Map<string, { book: BookFeatures; strength: number }>();
  for (const entry of profile.library.values()) {
    const book = catalog.get(entry.bookId);
    const key = book ? Catalog.seriesKey(book) : null;
    if (!book || key === null || book.seriesNumber === null) continue;
    const seen = bySeries.get(key);
    bySeries.set(key, { book: seen?.book ?? book, strength: Math.max(seen?.strength ?? 0, entry.strength) });
  }
  const out: { pick: SeriesPick; strength: number }[] = [];
  for (const { book, strength } of bySeries.values()) {
    const pick = pickInSeries(book, profile, catalog, allowed);
    if (pick?.reason === 'next' && strength > 0) out.push({ pick, strength });
  }
  return out;
}

