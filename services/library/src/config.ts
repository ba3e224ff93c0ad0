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
