import type { Worker } from 'bullmq';
import { QUEUES } from '@bookshelf/contracts';
import { poolFor, pingDatabase } from '@bookshelf/db';
import {
  JobProducer,
  assertNoEviction,
  createHttpApp,
  createLogger,
  createRedis,
  listen,
  startWorker,
  type Closer,
  runningProcess,
  type RunningProcess,
} from '@bookshelf/platform';
import type { RecommenderConfig } from './config';
import { BookProjection } from './data/book-projection';
import { CatalogRepository } from './data/catalog-repository';
import { FeedbackRepository } from './data/feedback-repository';
import { ListRepository } from './data/list-repository';
import { ModelRepository } from './data/model-repository';
import { createPrisma, SCHEMA } from './data/prisma';
import { ProfileRepository } from './data/profile-repository';
import { ReaderProjection } from './data/reader-projection';
import { TrainingDataRepository } from './data/training-data-repository';
import { ProjectionService } from './domain/projections/projection-service';
import { CatalogCache } from './domain/serving/catalog-cache';
import { ModelCache } from './domain/serving/model-cache';
import { RecommendationsService } from './domain/serving/recommendations-service';
import { ListBuilder } from './domain/training/list-builder';
import { TrainingService } from './domain/training/training-service';
import { recommenderRoutes } from './http/routes';
import { FlowBatchFanOut } from './jobs/batch-fan-out';
import { eventHandlers } from './jobs/event-handlers';
import { QueueRefreshScheduler } from './jobs/refresh-scheduler';
import { ensureTrainingSchedule } from './jobs/train-schedule';
import { trainingHandlers } from './jobs/training-handlers';

export type RunningRecommender = RunningProcess & { url: string };

/** Wires config → dependencies → HTTP + the recommender queue's worker and training schedule. */
export async function startRecommender(
  config: RecommenderConfig,
  logger = createLogger({ name: 'recommender', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
): Promise<RunningRecommender> {
  const pool = poolFor(config, SCHEMA);
  const prisma = createPrisma(pool);
  const redis = createRedis(config.REDIS_URL, 'worker');
  const requestRedis = createRedis(config.REDIS_URL, 'request');
  await assertNoEviction(redis);
  const producer = new JobProducer(redis, config.QUEUE_PREFIX);
  const requestProducer = new JobProducer(requestRedis, config.QUEUE_PREFIX);

  const books = new CatalogRepository(prisma);
  const profiles = new ProfileRepository(prisma);
  const lists = new ListRepository(prisma);
  const models = new ModelRepository(prisma);
  const catalogs = new CatalogCache(books);
  const modelCache = new ModelCache(models);

  const service = new RecommendationsService({
    profiles,
    lists,
    books,
    feedback: new FeedbackRepository(prisma),
    catalogs,
    models: modelCache,
    refresh: new QueueRefreshScheduler(requestProducer, config.RECS_REFRESH_DELAY_MS, logger),
  });
  const app = createHttpApp({
    logger,
    health: { postgres: () => pingDatabase(pool), redis: () => redis.ping() },
    routes: (a) => a.use(recommenderRoutes(service, config.INTERNAL_TOKEN_SECRET)),
  });
  const http = await listen(app, config.RECOMMENDER_PORT, config.HOST);

  let worker: Worker | null = null;
  let fanOut: FlowBatchFanOut | null = null;
  const workerRedis = config.RECS_WORKER ? createRedis(config.REDIS_URL, 'worker') : null;
  if (workerRedis) {
    fanOut = new FlowBatchFanOut(redis, config.QUEUE_PREFIX);
    const projections = new ProjectionService(
      new ReaderProjection(prisma),
      new BookProjection(prisma),
      new QueueRefreshScheduler(producer, config.RECS_REFRESH_DELAY_MS),
    );
    const training = new TrainingService(new TrainingDataRepository(prisma), models, fanOut, {
      model: {
        kind: config.RECS_MODEL,
        easeLambda: config.RECS_EASE_LAMBDA,
        easeNeighbours: config.RECS_EASE_NEIGHBOURS,
        knnNeighbours: config.RECS_KNN_NEIGHBOURS,
        knnShrink: config.RECS_KNN_SHRINK,
      },
      batchReaders: config.RECS_BATCH_USERS,
      keepModels: config.RECS_MODELS_KEEP,
    });
    const listBuilder = new ListBuilder(profiles, lists, catalogs, modelCache, config.RECS_TOP_N);
    worker = startWorker({
      queue: QUEUES.recommender,
      connection: workerRedis,
      prefix: config.QUEUE_PREFIX,
      handlers: [eventHandlers(projections), trainingHandlers(training, listBuilder)],
      logger,
      concurrency: config.RECS_WORKER_CONCURRENCY,
      lockDurationMs: config.RECS_WORKER_LOCK_MS,
      stalledIntervalMs: config.RECS_WORKER_STALLED_INTERVAL_MS,
    });
    await ensureTrainingSchedule(producer.queue(QUEUES.recommender), config.RECS_TRAIN_CRON, config.RECS_TRAIN_TZ);
  }

  const closers: Closer[] = [
    { name: 'http', close: () => http.close() },
    ...(worker ? [{ name: 'worker', close: () => worker.close() }] : []),
    ...(workerRedis ? [{ name: 'worker-redis', close: () => workerRedis.quit() }] : []),
    ...(fanOut ? [{ name: 'flow-producer', close: () => fanOut.close() }] : []),
    { name: 'producer', close: () => producer.close() },
    { name: 'request-producer', close: () => requestProducer.close() },
    { name: 'prisma', close: () => prisma.$disconnect() },
    { name: 'pool', close: () => pool.end() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'request-redis', close: () => requestRedis.quit() },
  ];
  logger.info({ url: http.url, worker: config.RECS_WORKER, model: config.RECS_MODEL }, 'recommender service listening');
  return runningProcess({
    url: http.url,
    logger,
    closers,
  });
}

/** The uniform entry point every service exposes (main.ts, `pnpm start` and the test kit use it). */
export async function start(env: NodeJS.ProcessEnv = process.env) {
  const { loadConfig } = await import('./config');
  return startRecommender(loadConfig(env));
}
