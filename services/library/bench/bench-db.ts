// The benchmark's own database: created and migrated here, never the one `pnpm start` uses.
import { isAbsolute, join, resolve } from 'node:path';
import { createPool, ensureDatabase, migrateAll, REPO_ROOT, withDatabase } from '@bookshelf/db';
import { BookRepository } from '../src/data/book-repository';
import { CatalogWriter } from '../src/data/catalog-writer';
import { createPrisma, SCHEMA } from '../src/data/prisma';
import { transactor } from '../src/data/transactor';
import { importCatalog, type CatalogImportResult } from '../src/domain/catalog/catalog-import';
import { CatalogService } from '../src/domain/catalog/catalog-service';

export const BENCH_DB = 'bookshelf_bench_library';

function fromRoot(p: string): string {
  return isAbsolute(p) ? p : resolve(REPO_ROOT, p);
}

export function benchFiles() {
  return {
    booksFile: fromRoot(process.env.CATALOG_SEED_FILE ?? join('..', 'shared', 'data', 'goodbooks', 'books.csv')),
    genresFile: fromRoot(process.env.CATALOG_GENRES_FILE ?? join('..', 'shared', 'data', 'goodbooks', 'book_genres.csv')),
  };
}

export async function openBenchDb(opts: { fresh: boolean }) {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = withDatabase(base, BENCH_DB);
  await ensureDatabase(url);
  await migrateAll(url);
  const pool = createPool({ url, schema: SCHEMA, max: 8, statementTimeoutMs: 120_000 });
  const prisma = createPrisma(pool);
  if (opts.fresh) {
    // Start from an empty library schema so the import figure is a cold load, not a re-run.
    await prisma.$executeRawUnsafe(
      `TRUNCATE import_rows, imports, user_books, follows, follow_requests, library_settings, idempotency_keys,
                scan_additions, deleted_users, outbox, inbox, search_words, books CASCADE`,
    );
  }
  const books = new BookRepository(prisma);
  const catalog = new CatalogService(books);
  return {
    url,
    pool,
    prisma,
    books,
    catalog,
    transact: transactor(prisma),
    async loadCatalogue(): Promise<CatalogImportResult> {
      return importCatalog({ ...benchFiles(), sink: new CatalogWriter(prisma) });
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Deterministic randomness (mulberry32) so every run draws the same queries and rows. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
