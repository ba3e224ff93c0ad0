import { createHash } from 'node:crypto';
import { poolFor, pingDatabase } from '@bookshelf/db';
import { QUEUES } from '@bookshelf/contracts';
import {
  JobProducer,
  assertNoEviction,
  createHttpApp,
  createLogger,
  createRedis,
  listen,
  requireInternalAuth,
  startOutboxRelay,
  startWorker,
  type Closer,
  runningProcess,
  type RunningProcess,
} from '@bookshelf/platform';
import type { LibraryConfig } from './config';
import { BookRepository } from './data/book-repository';
import { withCatalogLock } from './data/catalog-lock';
import { CatalogWriter } from './data/catalog-writer';
import { createPrisma, SCHEMA } from './data/prisma';
import { transactor } from './data/transactor';
import { CatalogService } from './domain/catalog/catalog-service';
import { EnrichService } from './domain/catalog/enrich-service';
import { seedCatalogIfEmpty } from './domain/catalog/seed';
import { ImportService } from './domain/goodreads/import-service';
import { ExportService } from './domain/library/export-service';
import type { EnrichmentRequester } from './domain/catalog/enrichment-request';
import { LibraryService } from './domain/library/library-service';
import { SyncService } from './domain/library/sync-service';
import { ListService } from './domain/lists/list-service';
import { SocialService } from './domain/social/social-service';
import { catalogRoutes } from './http/catalog-routes';
import { importRoutes } from './http/import-routes';
import { libraryRoutes } from './http/library-routes';
import { listRoutes } from './http/list-routes';
import { socialRoutes } from './http/social-routes';
import { libraryJobs } from './jobs/library-jobs';
import { CircuitBreaker } from './sources/circuit-breaker';
import { OPEN_LIBRARY, OpenLibrarySource } from './sources/open-library';
import { SourceRateLimit } from './sources/source-rate-limit';

export type RunningLibrary = RunningProcess & { url: string; flushOutbox(): Promise<number> };

/** Wires config → dependencies → catalogue seed → HTTP + outbox relay + the library queue's worker. */
export async function startLibrary(
  config: LibraryConfig,
  logger = createLogger({ name: 'library', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
): Promise<RunningLibrary> {
  const pool = poolFor(config, SCHEMA);
  const prisma = createPrisma(pool);
  const redis = createRedis(config.REDIS_URL, 'worker');
  await assertNoEviction(redis);
  const producer = new JobProducer(redis, config.QUEUE_PREFIX);
  // Request paths enqueue through a fail-fast connection: Redis down → 503 now, not a hang.
  const requestRedis = createRedis(config.REDIS_URL, 'request');
  const requestProducer = new JobProducer(requestRedis, config.QUEUE_PREFIX);

  const transact = transactor(prisma);
  const books = new BookRepository(prisma);
  const catalog = new CatalogService(books);
  const catalogSink = new CatalogWriter(prisma);
  const catalogLock = <T>(work: () => Promise<T>) => withCatalogLock(pool, work);
  const social = new SocialService(prisma, transact);
  const enrichment = new EnrichService(prisma, books, catalogSink, {
    [OPEN_LIBRARY]: {
      source: new OpenLibrarySource(config.OPEN_LIBRARY_URL, {
        timeoutMs: config.ENRICH_HTTP_TIMEOUT_MS,
        attempts: config.ENRICH_HTTP_ATTEMPTS,
        backoffMs: config.ENRICH_BACKOFF_MS,
      }),
      breaker: new CircuitBreaker(OPEN_LIBRARY, config.ENRICH_BREAKER_FAILURES, config.ENRICH_BREAKER_COOLDOWN_MS),
    },
  });
  const requestEnrichment: EnrichmentRequester = async (reqs) => {
    for (const r of reqs) {
      const isbn13 = r.isbn13 && /^97[89][0-9]{10}$/.test(r.isbn13) ? r.isbn13 : null;
      const title = r.title?.trim().slice(0, 300) || null;
      const author = r.author?.trim().slice(0, 300) || null;
      if (!isbn13 && !title) continue;
      const key = createHash('sha1').update(`${isbn13 ?? ''}|${title ?? ''}|${author ?? ''}`).digest('hex');
      // One lookup per book a day: the job id dedupes while the finished job is retained.
      await requestProducer
        .send('catalog.enrich', { source: OPEN_LIBRARY, isbn13, title, author, reason: r.reason }, { jobId: `enrich-${key}` })
        .catch((err: unknown) => logger.warn({ err }, 'could not request catalogue enrichment'));
    }
  };
  const library = new LibraryService(prisma, transact, books, social, requestEnrichment);
  const imports = new ImportService(prisma, transact, books, catalog, {
    enqueueImport: async (importId, userId) => {
      await requestProducer.send('library.import-goodreads', { importId, userId }, { jobId: importId });
    },
    requestEnrichment,
  }, config.LIBRARY_IMPORT_MAX_ROWS);
  const exports = new ExportService(prisma, social);
  const sync = new SyncService(prisma, config.LIBRARY_TOMBSTONE_DAYS);
  const bookLists = new ListService(prisma, transact, books, social);

  // The sample seeds before we listen (a fresh install can search at once); a big seed file loads
  // in the background so health checks answer meanwhile.
  const seed = seedCatalogIfEmpty(
    { isEmpty: () => books.isEmpty(), sink: catalogSink, locked: catalogLock, logger },
    { booksFile: config.CATALOG_SEED_FILE, genresFile: config.CATALOG_GENRES_FILE },
  );
  if (config.CATALOG_SEED_FILE) seed.catch((err: unknown) => logger.error({ err }, 'catalogue seed failed'));
  else await seed;

  const app = createHttpApp({
    logger,
    jsonLimit: '2mb',
    health: { postgres: () => pingDatabase(pool), redis: () => redis.ping() },
    routes: (a) => {
      a.use(requireInternalAuth(config.INTERNAL_TOKEN_SECRET));
      a.use(catalogRoutes(catalog));
      a.use(libraryRoutes({ library, social, sync, books, transact }));
      a.use(socialRoutes(social));
      a.use(listRoutes(bookLists));
      a.use(importRoutes({ imports, exports, maxBytes: config.LIBRARY_IMPORT_MAX_BYTES }));
    },
  });
  const http = await listen(app, config.LIBRARY_PORT, config.HOST);
  const relay = startOutboxRelay({ pool, schema: SCHEMA, producer, logger });
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  const worker = startWorker({
    queue: QUEUES.library,
    connection: workerRedis,
    prefix: config.QUEUE_PREFIX,
    handlers: [libraryJobs({ transact, books, catalog, catalogSink, catalogLock, imports, enrich: enrichment, requestEnrichment, sourceRateLimit: new SourceRateLimit(redis, config.QUEUE_PREFIX, config.ENRICH_RATE_MAX, config.ENRICH_RATE_WINDOW_MS) })],
    logger,
    concurrency: config.LIBRARY_WORKER_CONCURRENCY,
    lockDurationMs: config.LIBRARY_WORKER_LOCK_MS,
    stalledIntervalMs: config.LIBRARY_WORKER_STALLED_INTERVAL_MS,
  });

  const closers: Closer[] = [
    { name: 'http', close: () => http.close() },
    { name: 'worker', close: () => worker.close() },
    { name: 'outbox-relay', close: () => relay.close() },
    { name: 'producer', close: () => producer.close() },
    { name: 'request-producer', close: () => requestProducer.close() },
    { name: 'seed', close: () => seed.catch(() => undefined) },
    { name: 'prisma', close: () => prisma.$disconnect() },
    { name: 'pool', close: () => pool.end() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'worker-redis', close: () => workerRedis.quit() },
    { name: 'request-redis', close: () => requestRedis.quit() },
  ];
  logger.info({ url: http.url }, 'library service listening');
  return runningProcess({
    url: http.url,
    logger,
    closers,
    flushOutbox: () => relay.flush(),
  });
}

/** The uniform entry point every service exposes (main.ts, `pnpm start` and the test kit use it). */
export async function start(env: NodeJS.ProcessEnv = process.env) {
  const { loadConfig } = await import('./config');
  return startLibrary(loadConfig(env));
}
