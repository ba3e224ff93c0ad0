import type { Logger } from '@bookshelf/platform';
import { importCatalog, type CatalogSink } from './catalog-import';
import { sampleCatalog } from './sample-catalog';

export interface SeedDeps {
  isEmpty(): Promise<boolean>;
  sink: CatalogSink;
  /** Runs the import under the cross-process catalogue lock. */
  locked<T>(work: () => Promise<T>): Promise<T>;
  logger: Logger;
}

/**
 * Seeds an empty catalogue: from a goodbooks-format file when one is configured, else from the
 * built-in sample. Does nothing when books exist (so restarts never re-import).
 */
export async function seedCatalogIfEmpty(deps: SeedDeps, files: { booksFile: string | null; genresFile: string | null }): Promise<'seeded' | 'not-empty'> {
  return deps.locked(async () => {
    if (!(await deps.isEmpty())) return 'not-empty' as const;
    if (files.booksFile) {
      deps.logger.info({ file: files.booksFile }, 'catalogue is empty: importing the seed file');
      const r = await importCatalog({ booksFile: files.booksFile, genresFile: files.genresFile, sink: deps.sink });
      deps.logger.info({ rows: r.rows, inserted: r.inserted, ms: r.ms }, 'catalogue seeded');
    } else {
      const counts = await deps.sink.upsertBatch(sampleCatalog());
      await deps.sink.finish?.();
      deps.logger.info({ inserted: counts.inserted }, 'catalogue is empty: seeded the built-in sample');
    }
    return 'seeded' as const;
  });
}
