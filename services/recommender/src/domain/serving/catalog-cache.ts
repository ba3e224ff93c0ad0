import type { CatalogRepository } from '../../data/catalog-repository';
import { Catalog } from '../ranking/catalog';

/**
 * The book projection held in memory, reloaded when its stamp (count, last update) moves:
 * one cheap query per use instead of reading every candidate's features each time.
 */
export class CatalogCache {
  private current: { stamp: string; catalog: Promise<Catalog> } | null = null;

  constructor(private readonly books: CatalogRepository) {}

  async get(): Promise<Catalog> {
    const stamp = await this.books.stamp();
    if (this.current?.stamp !== stamp) {
      const catalog = this.load();
      this.current = { stamp, catalog };
      catalog.catch(() => {
        if (this.current?.catalog === catalog) this.current = null;
      });
    }
    return this.current.catalog;
  }

  private async load(): Promise<Catalog> {
    const rows = await this.books.all();
    return new Catalog(
      rows.map((r) => ({
        id: r.id,
        title: r.title,
        authors: r.authors,
        genres: r.genres,
        series: r.series,
        seriesNumber: r.series_number,
        publicationYear: r.publication_year,
        language: r.language,
        popularity: r.popularity,
        averageRating: r.average_rating,
        coverUrl: r.cover_url,
      })),
    );
  }
}
