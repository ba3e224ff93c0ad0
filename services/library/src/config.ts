import { z } from 'zod';
import { commonEnv, databaseEnv, internalAuthEnv, loadEnv, redisEnv } from '@bookshelf/platform';

const optionalPath = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : null));

export const LibraryConfig = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...internalAuthEnv,
  LIBRARY_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  HOST: z.string().default('0.0.0.0'),
  /** goodbooks-format CSV the catalogue is seeded from when it is empty (else a built-in sample). */
  CATALOG_SEED_FILE: optionalPath,
  CATALOG_GENRES_FILE: optionalPath,
  /** Largest Goodreads export accepted by POST /v1/library/me/imports. */
  LIBRARY_IMPORT_MAX_BYTES: z.coerce.number().int().min(1_024).default(10 * 1024 * 1024),
  LIBRARY_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(50_000),
  /** How long deletions are remembered for mobile sync; older cursors get 410 (full re-sync). */
  LIBRARY_TOMBSTONE_DAYS: z.coerce.number().positive().default(30),
  /** Open Library's JSON API (catalogue enrichment); tests point it at a local server. */
  OPEN_LIBRARY_URL: z.url().default('https://openlibrary.org'),
  /** Per source: at most this many lookups (jobs) per window; Open Library asks for ~1 req/s. */
  ENRICH_RATE_MAX: z.coerce.number().int().min(1).default(60),
  /** A dead worker's job (a long import) is taken over after its lock expires and a stalled check runs. */
  LIBRARY_WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(60_000),
  LIBRARY_WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  ENRICH_RATE_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  ENRICH_HTTP_TIMEOUT_MS: z.coerce.number().int().min(50).default(5_000),
  /** Tries per HTTP request (429, 5xx, timeouts), exponential backoff with full jitter from ENRICH_BACKOFF_MS. */
  ENRICH_HTTP_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  ENRICH_BACKOFF_MS: z.coerce.number().int().min(1).default(250),
  /** Consecutive failed lookups that open a source's circuit, and how long it stays open. */
  ENRICH_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  ENRICH_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).default(30_000),
  LIBRARY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
});
export type LibraryConfig = z.infer<typeof LibraryConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LibraryConfig {
  return loadEnv(LibraryConfig, env);
}

/** `pnpm catalog:import`: only the database (and Redis with --enqueue) is needed. */
export const CatalogCliConfig = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  CATALOG_GENRES_FILE: optionalPath,
  /** pnpm runs package scripts in the package folder; paths are given relative to where pnpm was called. */
  INIT_CWD: z.string().optional(),
});
export type CatalogCliConfig = z.infer<typeof CatalogCliConfig>;

export function loadCatalogCliConfig(env: NodeJS.ProcessEnv = process.env): CatalogCliConfig {
  return loadEnv(CatalogCliConfig, env);
}
