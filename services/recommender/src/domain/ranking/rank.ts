import type { RecommendationReason } from '@bookshelf/contracts';
import type { SparseRow } from '../models/csr-matrix';
import { userRow } from '../models/recommend';
import { LIKE_STRENGTH } from '../projections/signal-strength';
import type { BookFeatures, Catalog } from './catalog';
import { followedGenre, inSeries, popular, similarTo } from './reasons';
import type { ReaderProfile } from './reader-profile';
import { pickInSeries, seriesInProgress, type SeriesPick } from './series';
import type { ServingModel } from './serving-model';

export interface RankedBook {
  bookId: string;
  score: number;
  reasons: RecommendationReason[];
}

export interface RankInput {
  profile: ReaderProfile;
  catalog: Catalog;
  model: ServingModel | null;
  n: number;
}

interface Candidate {
  bookId: string;
  /** Model score normalised to 0..1 (0 when the model did not propose it). */
  model: number;
  /** Model index whose score this carries: explained by the reader's books behind it. */
  explainIndex?: number;
  series?: SeriesPick;
  score: number;
}

/** Blend weights: personal evidence first, popularity as the prior, genres as a multiplier. */
const MODEL_WEIGHT = 0.8;
const GENRE_BOOST = 0.5;
const NEXT_IN_SERIES = 0.9;
const MIN_FORCED_SERIES = 3;
const FORCED_SERIES_DECAY = 0.8;

/** The reader's positive signals as a model row (library strength, or a like's weight). */
function readerRow(profile: ReaderProfile, model: ServingModel): SparseRow {
  const signals = [...profile.library.values()]
    .filter((e) => e.strength > 0)
    .map((e) => ({ itemId: e.bookId, weight: e.strength }));
  for (const id of profile.liked) signals.push({ itemId: id, weight: LIKE_STRENGTH });
  return userRow(model.model, signals);
}

/** -1..1: followed genres pull a book up, negatively weighted ones push it down. */
function genreAffinity(book: BookFeatures, profile: ReaderProfile): number {
  let a = book.genres.some((g) => profile.preferredGenres.includes(g)) ? 1 : 0;
  for (const g of book.genres) a += profile.genreWeights[g] ?? 0;
  return Math.max(-1, Math.min(1, a));
}

function followedGenreOf(book: BookFeatures, profile: ReaderProfile): string | undefined {
  return (
    profile.preferredGenres.find((g) => book.genres.includes(g)) ??
    book.genres.find((g) => (profile.genreWeights[g] ?? 0) > 0)
  );
}

/**
 * One reader's top `n`: model candidates (EASE / ItemKNN scores from their library) blended
 * with catalogue popularity and their genres; books in their library, dismissed, or by a
 * blocked author removed; series collapsed to the volume they should read next.
 */
export function rankForReader({ profile, catalog, model, n }: RankInput): RankedBook[] {
  const allowed = (id: string): boolean =>
    catalog.get(id) !== undefined &&
    !profile.library.has(id) &&
    !profile.dismissed.has(id) &&
    !catalog.authorsOf(id).some((a) => profile.blockedAuthors.has(a));

  const candidates = new Map<string, Candidate>();
  const propose = (bookId: string, modelScore: number, explainIndex?: number): void => {
    const book = catalog.get(bookId);
    if (!book) return;
    const series = pickInSeries(book, profile, catalog, allowed);
    if (series === null) return;
    const target = series?.bookId ?? bookId;
    if (!allowed(target)) return;
    const seen = candidates.get(target);
    if (seen && seen.model >= modelScore) return;
    candidates.set(target, { bookId: target, model: modelScore, explainIndex, series: series ?? seen?.series, score: 0 });
  };

  const row = model ? readerRow(profile, model) : null;
  if (model && row && row.indices.length > 0) {
    const exclude = new Set<number>(row.indices);
    for (const id of profile.dismissed) {
      const i = model.indexOf(id);
      if (i !== undefined) exclude.add(i);
    }
    const top = model.model.topN(row, n * 4 + 40, exclude);
    const best = top[0]?.score ?? 0;
    for (const t of top) {
      const id = model.bookAt(t.index);
      if (id !== undefined && t.score > 0 && best > 0) propose(id, t.score / best, t.index);
    }
  }
  const personal = candidates.size > 0;

  const popularFrom = (books: readonly BookFeatures[], want: number): void => {
    let taken = 0;
    for (const b of books) {
      if (taken >= want) break;
      if (!allowed(b.id) || candidates.has(b.id)) continue;
      propose(b.id, 0);
      taken++;
    }
  };
  for (const g of profile.preferredGenres) popularFrom(catalog.popularIn(g), n);
  popularFrom(catalog.mostPopular, n * 2);

  let top = 0;
  for (const c of candidates.values()) {
    const book = catalog.get(c.bookId)!;
    const prior = catalog.popularityOf(c.bookId);
    const base = personal ? MODEL_WEIGHT * c.model + (1 - MODEL_WEIGHT) * prior : prior;
    c.score = base * (1 + GENRE_BOOST * genreAffinity(book, profile));
    top = Math.max(top, c.score);
  }
  // The few series the reader cares most about get their next volume near the top even if the
  // model missed it; the rest only through the model, so sequels do not crowd out discovery.
  const inProgress = seriesInProgress(profile, catalog, allowed)
    .sort((a, b) => b.strength - a.strength || (a.pick.series < b.pick.series ? -1 : 1))
    .slice(0, Math.max(MIN_FORCED_SERIES, Math.ceil(n / 10)));
  for (const [i, { pick, strength }] of inProgress.entries()) {
    const score = (top || 1) * NEXT_IN_SERIES * strength * FORCED_SERIES_DECAY ** i;
    const c = candidates.get(pick.bookId);
    if (c) {
      c.series = pick;
      c.score = Math.max(c.score, score);
    } else candidates.set(pick.bookId, { bookId: pick.bookId, model: 0, series: pick, score });
  }

  const ranked = [...candidates.values()]
    .sort((a, b) => b.score - a.score || (a.bookId < b.bookId ? -1 : 1))
    .slice(0, n);
  return ranked.map((c) => ({
    bookId: c.bookId,
    score: Math.round(c.score * 1e4) / 1e4,
    reasons: reasonsFor(c, profile, catalog, model, row),
  }));
}

/**
 * At most three reasons, most telling first: the series a reader is part-way through, then the
 * book of theirs behind a model pick, then genre and popularity for everything else.
 */
function reasonsFor(
  c: Candidate,
  profile: ReaderProfile,
  catalog: Catalog,
  model: ServingModel | null,
  row: SparseRow | null,
): RecommendationReason[] {
  const book = catalog.get(c.bookId)!;
  const genre = followedGenreOf(book, profile);
  const reasons: RecommendationReason[] = [];
  if (c.series?.reason === 'next') {
    reasons.push(inSeries(c.series));
  } else if (model && row && c.model > 0) {
    const because = explainedBy(c, model, row);
    const source = because ? catalog.get(because) : undefined;
    if (source) reasons.push(similarTo(source, profile.library.get(source.id), profile.liked.has(source.id)));
  } else {
    reasons.push(genre ? followedGenre(genre, true) : popular(book));
  }
  if (c.series?.reason === 'start') reasons.push(inSeries(c.series));
  if (genre && !reasons.some((r) => r.kind === 'preferred_genre')) reasons.push(followedGenre(genre, c.model === 0));
  if (reasons.length === 0) reasons.push(popular(book));
  return reasons.slice(0, 3);
}

/** The reader's book contributing most to the pick (a redirected series volume may owe its place to the volume proposed). */
function explainedBy(c: Candidate, model: ServingModel, row: SparseRow): string | undefined {
  for (const index of [model.indexOf(c.bookId), c.explainIndex]) {
    if (index === undefined) continue;
    const top = model.model.explain(row, index, 1)[0];
    if (top) return model.bookAt(top.index);
  }
  return undefined;
}
