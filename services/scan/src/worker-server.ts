import { poolFor, pingDatabase } from '@bookshelf/db';
import {
  assertNoEviction,
  createHttpApp,
  createLogger,
  createRedis,
  listen,
  runningProcess,
  type Closer,
  type Logger,
  type RunningProcess,
} from '@bookshelf/platform';
import type { ScanWorkerConfig } from './config';
import { ProcessingRepository } from './data/processing-repository';
import { createPrisma, SCHEMA } from './data/prisma';
import { ScanRepository } from './data/scan-repository';
import { pipelineAnalyser, type ShelfAnalyser } from './domain/analyser';
import { ScanDetector } from './domain/scan-detector';
import { ScanEventPublisher } from './events/scan-event-publisher';
import { detectHandlers } from './jobs/detect-handlers';
import { startInferenceWorker } from './jobs/inference-worker';
import { BullMatchingFlow } from './jobs/matching-flow';
import { createBlobStore } from './storage/blob-store-factory';

export type RunningScanWorker = RunningProcess;

/**
 * The inference worker: consumes `scan-inference` (scan.detect) and runs the image pipeline.
 * Production runs it as its own process (`pnpm --filter @bookshelf/scan worker`, src/worker.ts);
 * tests and local demos may start it in-process, next to the API, through `startWorker(env)`.
 */
export async function startScanWorker(
  config: ScanWorkerConfig,
  opts: { logger?: Logger; analyser?: ShelfAnalyser } = {},
): Promise<RunningScanWorker> {
  const logger = opts.logger ?? createLogger({ name: 'scan-worker', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const analyser = opts.analyser ?? pipelineAnalyser({ threads: config.SCAN_INFERENCE_THREADS });
  await analyser.warmUp();

  const pool = poolFor(config, SCHEMA, { max: Math.min(config.DATABASE_POOL_MAX, 4 + config.SCAN_INFERENCE_CONCURRENCY) });
  const prisma = createPrisma(pool);
  const redis = createRedis(config.REDIS_URL, 'worker');
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  for (const r of [redis, workerRedis]) r.on('error', () => undefined);
  await assertNoEviction(redis);

  const storage = createBlobStore(config, logger);
  const matching = new BullMatchingFlow(redis, config.QUEUE_PREFIX);
  const detector = new ScanDetector({
    scans: new ScanRepository(prisma),
    processing: new ProcessingRepository(prisma),
    blobs: storage.blobs,
    analyser,
    events: new ScanEventPublisher(redis, config.QUEUE_PREFIX, logger),
    matching,
    maxPixels: config.SCAN_MAX_PIXELS,
    logger,
  });
  const worker = startInferenceWorker({
    connection: workerRedis,
    prefix: config.QUEUE_PREFIX,
    handlers: [detectHandlers(detector)],
    logger,
    concurrency: config.SCAN_INFERENCE_CONCURRENCY,
    lockDurationMs: config.SCAN_INFERENCE_LOCK_MS,
    stalledIntervalMs: config.SCAN_INFERENCE_STALLED_INTERVAL_MS,
    onGaveUp: async (job, reason) => {
      const scanId = (job.data as { payload?: { scanId?: unknown } }).payload?.scanId;
      if (typeof scanId !== 'string') return;
      logger.error({ scanId, reason }, 'scan given up on');
      await detector.fail(scanId, 'processing_failed', 'The photo could not be processed');
    },
  });

  // No API here: only health and metrics for probes and Prometheus, when a port is configured.
  const ops =
    config.SCAN_WORKER_PORT === undefined
      ? null
      : await listen(
          createHttpApp({ logger, health: { postgres: () => pingDatabase(pool), redis: () => redis.ping() }, routes: () => undefined }),
          config.SCAN_WORKER_PORT,
          config.HOST,
          { drainMs: 0 },
        );

  const closers: Closer[] = [
    ...(ops ? [{ name: 'ops-http', close: () => ops.close() }] : []),
    // Stops taking scans and lets the running ones finish (their lock is released on close).
    { name: 'inference-worker', close: () => worker.close() },
    { name: 'matching-flow', close: () => matching.close() },
    { name: 'prisma', close: () => prisma.$disconnect() },
    { name: 'pool', close: () => pool.end() },
    { name: 'blob-store', close: () => storage.close() },
    { name: 'worker-redis', close: () => workerRedis.quit() },
    { name: 'redis', close: () => redis.quit() },
  ];
  logger.info(
    { concurrency: config.SCAN_INFERENCE_CONCURRENCY, threads: config.SCAN_INFERENCE_THREADS, blobs: storage.location },
    'scan inference worker started',
  );
  return runningProcess({
    url: ops?.url,
    logger,
    closers,
  });
}

/** Uniform entry point, like server.ts's start(env): worker.ts calls it, tests may too. No env: process.env. */
export async function startWorker(env?: NodeJS.ProcessEnv, opts: { analyser?: ShelfAnalyser } = {}) {
  const { loadWorkerConfig } = await import('./config');
  return startScanWorker(loadWorkerConfig(env), opts);
}
