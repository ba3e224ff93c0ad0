/** Asks for books the catalogue lacks to be looked up elsewhere (catalog.enrich); best effort. */
export type EnrichmentRequester = (
  reqs: { isbn13?: string | null; title?: string | null; author?: string | null; reason: 'add-by-isbn' | 'import' | 'scan' }[],
) => Promise<void>;
