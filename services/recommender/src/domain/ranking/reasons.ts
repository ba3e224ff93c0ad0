import type { RecommendationReason } from '@bookshelf/contracts';
import type { BookFeatures } from './catalog';
import type { LibraryEntry } from './reader-profile';
import type { SeriesPick } from './series';

/** "science-fiction" → "science fiction"; "non-fiction" stays as it is. */
export function genreLabel(genre: string): string {
  return genre.replace(/(?<!^non)-/g, ' ');
}

function stars(rating: number): string {
  return `${Number.isInteger(rating) ? rating.toFixed(0) : rating.toFixed(1)}★`;
}

/** "Because you rated *Dune* 5★", worded by what the reader did with the book. */
export function similarTo(book: BookFeatures, entry: LibraryEntry | undefined, liked: boolean): RecommendationReason {
  const t = `*${book.title}*`;
  let text: string;
  if (entry?.rating != null && entry.rating >= 3.5) text = `Because you rated ${t} ${stars(entry.rating)}`;
  else if (liked && !entry) text = `Because you liked ${t}`;
  else if (entry?.status === 'read') text = `Because you read ${t}`;
  else if (entry?.status === 'reading') text = `Because you're reading ${t}`;
  else if (entry?.owned) text = `Because you own ${t}`;
  else if (entry?.status === 'want_to_read') text = `Because you want to read ${t}`;
  else if (liked) text = `Because you liked ${t}`;
  else text = `Because you have ${t}`;
  return { kind: 'similar_to', text, bookId: book.id };
}

export function inSeries(pick: SeriesPick): RecommendationReason {
  return pick.reason === 'next'
    ? { kind: 'next_in_series', text: `Next in *${pick.series}*`, series: pick.series }
    : { kind: 'series_start', text: `First in *${pick.series}*`, series: pick.series };
}

/** "Popular in science fiction, which you follow" (or, for a personal pick, that it matches). */
export function followedGenre(genre: string, popularPick: boolean): RecommendationReason {
  const label = genreLabel(genre);
  const text = popularPick ? `Popular in ${label}, which you follow` : `In ${label}, which you follow`;
  return { kind: 'preferred_genre', text, genre };
}

export function popular(book: BookFeatures): RecommendationReason {
  const genre = book.genres[0];
  return genre
    ? { kind: 'popular', text: `Popular in ${genreLabel(genre)}`, genre }
    : { kind: 'popular', text: 'Popular with readers' };
}
