import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import { poolFor, pingDatabase } from '@bookshelf/db';
import { QUEUES } from '@bookshelf/contracts';
import {
  assertNoEviction,
  type Closer,
  createHttpApp,
  createLogger,
  createRedis,
  envelope,
  jobOptions,
  JobProducer,
  listen,
  type RunningProcess,
  runningProcess,
  startOutboxRelay,
  startWorker,
} from '@bookshelf/platform';
import type { ScanApiConfig } from './config';
import { ProcessingRepository } from './data/processing-repository';
import { createPrisma, SCHEMA } from './data/prisma';
import { ScanRepository } from './data/scan-repository';
import { ScanFinalizer } from './domain/scan-finalizer';
import { ScanIntake } from './domain/scan-intake';
import { ScansService } from './domain/scans-service';
import { StuckScanSweeper } from './domain/stuck-scan-sweeper';
import { UserScansPurger } from './domain/user-scans-purger';
import { ScanEventHub } from './events/scan-event-hub';
import { ScanEventPublisher } from './events/scan-event-publisher';
import { scanRoutes } from './http/routes';
import { scanCommands } from './jobs/scan-commands';
import { scanHandlers } from './jobs/scan-handlers';
import { createBlobStore } from './storage/blob-store-factory';

export type RunningScanApi = RunningProcess & { url: string; flushOutbox(): Promise<number> };

/**
 * The scan API process: HTTP (upload, reads, confirm, event streams), the light `scan` queue
 * (scan.finalize, user.deleted) and the outbox relay. Spine detection is NOT here: it runs in
 * the inference worker (worker-server.ts), a separate process, so the pipeline's CPU work
 * never blocks this event loop.
 */
const REQUEUE_SCHEDULER_ID = 'scan-requeue-stuck';

export async function startScanApi(
  config: ScanApiConfig,
  logger = createLogger({ name: 'scan', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
): Promise<RunningScanApi> {
  const pool = poolFor(config, SCHEMA);
  const prisma = createPrisma(pool);
  // Request paths fail fast (503) when Redis is down; the worker and the subscriber wait for it.
  const redis = createRedis(config.REDIS_URL, 'request');
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  const subscriber = createRedis(config.REDIS_URL, 'worker');
  for (const r of [redis, workerRedis, subscriber]) r.on('error', () => undefined);
  await assertNoEviction(workerRedis);
  if (redis.status !== 'ready') await once(redis, 'ready');

  // Uploads are only inspected here (header reads of files about to be moved or deleted):
  // libvips' file cache would just hold deleted scratch files open.
  sharp.cache({ files: 0 });
  const storage = createBlobStore(config, logger);
  const { blobs, incomingDir } = storage;
  await mkdir(incomingDir, { recursive: true });
  const producer = new JobProducer(redis, config.QUEUE_PREFIX);
  const commands = scanCommands(producer);
  const scans = new ScanRepository(prisma);
  const processing = new ProcessingRepository(prisma);
  const events = new ScanEventPublisher(redis, config.QUEUE_PREFIX, logger);
  const hub = new ScanEventHub(subscriber, config.QUEUE_PREFIX, logger);
  const service = new ScansService(scans, commands);
  const intake = new ScanIntake(scans, blobs, commands, config.SCAN_MAX_PIXELS, logger);
  const shutdown = new AbortController();

  const worker = startWorker({
    queue: QUEUES.scan,
    connection: workerRedis,
    prefix: config.QUEUE_PREFIX,
    handlers: [
      scanHandlers(
        new ScanFinalizer(processing, events, logger),
        new UserScansPurger(scans, blobs, logger),
        new StuckScanSweeper(scans, commands, config.SCAN_STUCK_AFTER_MS, logger),
      ),
    ],
    logger,
  });
  // Every replica upserts the same scheduler: one sweep per interval, whichever worker takes it.
  await producer.queue(QUEUES.scan).upsertJobScheduler(
    REQUEUE_SCHEDULER_ID,
    { every: config.SCAN_REQUEUE_INTERVAL_MS },
    { name: 'scan.requeue-stuck', data: envelope('scan.requeue-stuck', {}), opts: jobOptions('scan.requeue-stuck') },
  );
  const app = createHttpApp({
    logger,
    health: { postgres: () => pingDatabase(pool), redis: () => redis.ping() },
    routes: (a) =>
      a.use(
        scanRoutes({
          intake,
          service,
          hub,
          internalSecret: config.INTERNAL_TOKEN_SECRET,
          upload: { maxBytes: config.SCAN_MAX_UPLOAD_BYTES, incomingDir },
          events: { heartbeatMs: config.SCAN_SSE_HEARTBEAT_MS, maxMs: config.SCAN_SSE_MAX_MS, shutdown: shutdown.signal },
          logger,
        }),
      ),
  });
  const http = await listen(app, config.SCAN_PORT, config.HOST);
  const relay = startOutboxRelay({ pool, schema: SCHEMA, producer, logger });

  const closers: Closer[] = [
    // Open event streams end first (clients reconnect elsewhere), so the HTTP server can drain.
    { name: 'event-streams', close: async () => shutdown.abort() },
    { name: 'http', close: () => http.close() },
    { name: 'scan-worker', close: () => worker.close() },
    { name: 'outbox-relay', close: () => relay.close() },
    { name: 'producer', close: () => producer.close() },
    { name: 'prisma', close: () => prisma.$disconnect() },
    { name: 'pool', close: () => pool.end() },
    { name: 'blob-store', close: () => storage.close() },
    { name: 'subscriber', close: () => subscriber.quit() },
    { name: 'worker-redis', close: () => workerRedis.quit() },
    { name: 'redis', close: () => redis.quit() },
  ];
  logger.info({ url: http.url, blobs: storage.location }, 'scan API listening');
  return runningProcess({
    url: http.url,
    logger,
    closers,
    flushOutbox: () => relay.flush(),
  });
}

/** The uniform entry point every service exposes (main.ts, `pnpm start` and the test kit use it). */
export async function start(env: NodeJS.ProcessEnv = process.env) {
  const { loadApiConfig } = await import('./config');
  return startScanApi(loadApiConfig(env));
}
