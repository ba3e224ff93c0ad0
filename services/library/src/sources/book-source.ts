import type { CatalogBookInput } from '../domain/catalog/catalog-book';

/** One book as an external source describes it, mapped to our catalogue, with the raw answer kept. */
export interface SourceBook {
  book: CatalogBookInput;
  raw: unknown;
}

/**
 * An external catalogue. Open Library implements it; Google Books would too (its volumes API
 * answers both questions), and the enrichment job does not care which one it talks to.
 */
export interface BookSource {
  readonly name: string;
  byIsbn(isbn13: string, signal?: AbortSignal): Promise<SourceBook | null>;
  /** Best candidates first; at most a handful. */
  search(title: string, author: string | null, signal?: AbortSignal): Promise<SourceBook[]>;
}
