import { nameKey } from '../projections/names';

export interface BookFeatures {
  id: string;
  title: string;
  authors: string[];
  genres: string[];
  series: string | null;
  seriesNumber: number | null;
  publicationYear: number | null;
  language: string | null;
  popularity: number;
  averageRating: number | null;
  coverUrl: string | null;
}

/** A numbered volume of a series, in reading order. */
export interface SeriesVolume {
  bookId: string;
  number: number;
}

const byPopularity = (a: BookFeatures, b: BookFeatures) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1);

/** An in-memory snapshot of the book projection with the indexes ranking needs. */
export class Catalog {
  private readonly byId = new Map<string, BookFeatures>();
  private readonly authorKeys = new Map<string, string[]>();
  private readonly volumes = new Map<string, SeriesVolume[]>();
  private readonly popularByGenre = new Map<string, BookFeatures[]>();
  readonly mostPopular: readonly BookFeatures[];
  private readonly logMaxPopularity: number;

  constructor(books: readonly BookFeatures[]) {
    let max = 0;
    for (const b of books) {
      this.byId.set(b.id, b);
      this.authorKeys.set(b.id, b.authors.map(nameKey));
      max = Math.max(max, b.popularity);
      for (const g of b.genres) {
        const list = this.popularByGenre.get(g) ?? [];
        list.push(b);
        this.popularByGenre.set(g, list);
      }
      const key = Catalog.seriesKey(b);
      if (key !== null && b.seriesNumber !== null) {
        const list = this.volumes.get(key) ?? [];
        list.push({ bookId: b.id, number: b.seriesNumber });
        this.volumes.set(key, list);
      }
    }
    this.logMaxPopularity = Math.log1p(max);
    this.mostPopular = [...books].sort(byPopularity);
    for (const list of this.popularByGenre.values()) list.sort(byPopularity);
    for (const list of this.volumes.values()) list.sort((a, b) => a.number - b.number || (a.bookId < b.bookId ? -1 : 1));
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): BookFeatures | undefined {
    return this.byId.get(id);
  }

  /** Normalised author names, for matching against a reader's block list. */
  authorsOf(id: string): readonly string[] {
    return this.authorKeys.get(id) ?? [];
  }

  /** 0..1 on a log scale: the cold-start prior. */
  popularityOf(id: string): number {
    const b = this.byId.get(id);
    if (!b || this.logMaxPopularity === 0) return 0;
    return Math.log1p(b.popularity) / this.logMaxPopularity;
  }

  popularIn(genre: string): readonly BookFeatures[] {
    return this.popularByGenre.get(genre) ?? [];
  }

  /** The numbered volumes of the book's series, in order; empty when it is not part of one. */
  volumesOf(book: BookFeatures): readonly SeriesVolume[] {
    const key = Catalog.seriesKey(book);
    return key === null || book.seriesNumber === null ? [] : (this.volumes.get(key) ?? []);
  }

  static seriesKey(book: Pick<BookFeatures, 'series'>): string | null {
    return book.series ? nameKey(book.series) : null;
  }
}
