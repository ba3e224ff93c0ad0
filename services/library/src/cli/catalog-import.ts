// `pnpm catalog:import <books.csv> [genres.csv] [--enqueue]`: loads a goodbooks-format catalogue.
// Runs the import here and now (printing progress), or with --enqueue hands it to the library
// worker as a `catalog.import` job so it shows up in Bull Board.
import { resolve } from 'node:path';
import { createPool } from '@bookshelf/db';
import { JobProducer, createRedis } from '@bookshelf/platform';
import { loadCatalogCliConfig } from '../config';
import { CatalogWriter } from '../data/catalog-writer';
import { createPrisma, SCHEMA } from '../data/prisma';
import { importCatalog } from '../domain/catalog/catalog-import';

const config = loadCatalogCliConfig();
const args = process.argv.slice(2).filter((a) => a !== '--');
const enqueue = args.includes('--enqueue');
const files = args.filter((a) => !a.startsWith('--'));
if (files.length < 1 || files.length > 2) {
  console.error('usage: pnpm catalog:import <books.csv> [genres.csv] [--enqueue]');
  process.exit(2);
}
const base = config.INIT_CWD ?? process.cwd();
const booksFile = resolve(base, files[0]!);
const genresFile = files[1] ? resolve(base, files[1]) : config.CATALOG_GENRES_FILE ? resolve(base, config.CATALOG_GENRES_FILE) : null;

if (enqueue) {
  const redis = createRedis(config.REDIS_URL, 'worker');
  const producer = new JobProducer(redis, config.QUEUE_PREFIX);
  const id = await producer.send('catalog.import', { booksFile, genresFile });
  console.log(`enqueued catalog.import job ${id} (watch it in Bull Board)`);
  await producer.close();
  await redis.quit();
} else {
  const pool = createPool({ url: config.DATABASE_URL, schema: SCHEMA, max: 2, statementTimeoutMs: 120_000 });
  const prisma = createPrisma(pool);
  try {
    const result = await importCatalog({
      booksFile,
      genresFile,
      sink: new CatalogWriter(prisma),
      onProgress: (p) => {
        process.stdout.write(`\r${p.rows} rows (${p.percent}%)`);
      },
    });
    process.stdout.write('\n');
    console.log(
      `catalogue import: ${result.rows} rows in ${(result.ms / 1000).toFixed(1)} s — ${result.inserted} new, ${result.updated} updated, ` +
        `${result.unchanged} unchanged, ${result.skipped} duplicates, ${result.invalid} invalid`,
    );
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}
