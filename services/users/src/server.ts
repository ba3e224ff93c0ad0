import { poolFor, pingDatabase } from '@bookshelf/db';
import {
  JobProducer,
  assertNoEviction,
  createHttpApp,
  createLogger,
  createRedis,
  listen,
  startOutboxRelay,
  type Closer,
  runningProcess,
  type RunningProcess,
} from '@bookshelf/platform';
import type { UsersConfig } from './config';
import { createPrisma, SCHEMA } from './data/prisma';
import { UserRepository } from './data/user-repository';
import { UsersService } from './domain/users-service';
import { usersRoutes } from './http/routes';

export type RunningUsers = RunningProcess & { url: string; flushOutbox(): Promise<number> };

/** Wires config → dependencies → HTTP + outbox relay. Used by main.ts and by tests. */
export async function startUsers(config: UsersConfig, logger = createLogger({ name: 'users', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })): Promise<RunningUsers> {
  const pool = poolFor(config, SCHEMA);
  const prisma = createPrisma(pool);
  const redis = createRedis(config.REDIS_URL, 'worker');
  await assertNoEviction(redis);
  const producer = new JobProducer(redis, config.QUEUE_PREFIX);
  const service = new UsersService(new UserRepository(prisma, pool));

  const app = createHttpApp({
    logger,
    health: { postgres: () => pingDatabase(pool), redis: () => redis.ping() },
    routes: (a) => a.use(usersRoutes(service, config.INTERNAL_TOKEN_SECRET)),
  });
  const http = await listen(app, config.USERS_PORT, config.HOST);
  const relay = startOutboxRelay({ pool, schema: SCHEMA, producer, logger });

  const closers: Closer[] = [
    { name: 'http', close: () => http.close() },
    { name: 'outbox-relay', close: () => relay.close() },
    { name: 'producer', close: () => producer.close() },
    { name: 'prisma', close: () => prisma.$disconnect() },
    { name: 'pool', close: () => pool.end() },
    { name: 'redis', close: () => redis.quit() },
  ];
  logger.info({ url: http.url }, 'users service listening');
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
  return startUsers(loadConfig(env));
}
