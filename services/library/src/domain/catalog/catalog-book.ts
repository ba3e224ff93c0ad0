import { foldText } from '../text/normalise';

/** A book as a catalogue source describes it, before it gets a `bk_` id. */
export interface CatalogBookInput {
  source: string;
  sourceId: string;
  title: string;
  subtitle: string | null;
  series: string | null;
  seriesNumber: number | null;
  authors: string[];
  isbn10: string | null;
  isbn13: string | null;
  publisher: string | null;
  publicationYear: number | null;
  language: string | null;
  pageCount: number | null;
  genres: string[];
  coverUrl: string | null;
  averageRating: number | null;
  ratingsCount: number;
}

export interface SearchColumns {
  titleNorm: string;
  authorsNorm: string;
  searchText: string;
  /** First author, surname first ("tolkien j r r"): how readers expect "sort by author". */
  authorSort: string;
}

/** The folded columns search and matching run against (title first: it matters most). */
export function searchColumns(b: Pick<CatalogBookInput, 'title' | 'subtitle' | 'series' | 'authors'>): SearchColumns {
  const titleNorm = foldText([b.title, b.subtitle].filter(Boolean).join(' '));
  const authorsNorm = foldText(b.authors.join(' '));
  const seriesNorm = b.series ? foldText(b.series) : '';
  const searchText = [titleNorm, authorsNorm, seriesNorm && !titleNorm.includes(seriesNorm) ? seriesNorm : '']
    .filter(Boolean)
    .join(' ');
  const first = foldText(b.authors[0] ?? '').split(' ').filter(Boolean);
  const authorSort = first.length ? [first[first.length - 1], ...first.slice(0, -1)].join(' ') : '';
  return { titleNorm, authorsNorm, searchText, authorSort };
}

/** "Title: Subtitle" as a reader sees it on the cover. */
export function fullTitle(b: { title: string; subtitle: string | null }): string {
  return b.subtitle ? `${b.title}: ${b.subtitle}` : b.title;
}
