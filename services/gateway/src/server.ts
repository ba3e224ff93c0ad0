import {
  assertNoEviction,
  createHttpApp,
  createLogger,
  createRedis,
  listen,
  trackQueueDepth,
  type Closer,
  runningProcess,
  type RunningProcess,
} from '@bookshelf/platform';
import type { GatewayConfig } from './config';
import { adminRoutes } from './admin/bull-board';
import { IdentityResolver } from './auth/identity-resolver';
import { InternalTokenCache } from './auth/internal-token-cache';
import { TokenVerifier } from './auth/verify-token';
import { RateLimiter } from './http/rate-limit';
import { docsRoutes } from './openapi/docs';
import { proxyRoutes } from './proxy/routes';

export type RunningGateway = RunningProcess & { url: string };

/** The app's only door: verifies IdP tokens, resolves users, rate-limits, forwards, hosts Bull Board. */
export async function startGateway(config: GatewayConfig, logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })): Promise<RunningGateway> {
  const redis = createRedis(config.REDIS_URL, 'request', { enableAutoPipelining: true });
  const boardRedis = createRedis(config.REDIS_URL, 'worker');
  redis.on('error', () => undefined);
  boardRedis.on('error', () => undefined);
  await assertNoEviction(boardRedis);

  const verifier = new TokenVerifier({
    jwksUrl: config.AUTH_JWKS_URL,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms: config.AUTH_ALGORITHMS,
    rolesClaim: config.AUTH_ROLES_CLAIM,
    clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_SECONDS,
  });
  const keyPrefix = `gw:${config.QUEUE_PREFIX}`;
  const resolver = new IdentityResolver({
    usersUrl: config.USERS_URL,
    internalSecret: config.INTERNAL_TOKEN_SECRET,
    redis,
    keyPrefix,
    ttlSeconds: config.IDENTITY_CACHE_TTL_SECONDS,
    logger,
  });
  const limiter = new RateLimiter({ redis, keyPrefix, limit: config.RATE_LIMIT_REQUESTS, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS, logger });
  const admin = adminRoutes({
    connection: boardRedis,
    prefix: config.QUEUE_PREFIX,
    verifier,
    secret: config.INTERNAL_TOKEN_SECRET,
    sessionTtlSeconds: config.ADMIN_SESSION_TTL_SECONDS,
    secureCookie: config.ADMIN_COOKIE_SECURE,
  });

  trackQueueDepth(admin.queues);

  const app = createHttpApp({
    logger,
    parseJson: false,
    health: { redis: () => boardRedis.ping() },
    routes: (a) => {
      a.use(docsRoutes());
      a.use(admin.router);
      a.use(
        proxyRoutes({
          upstreams: { users: config.USERS_URL, library: config.LIBRARY_URL, scan: config.SCAN_URL, recommender: config.RECOMMENDER_URL },
          verifier,
          resolver,
          tokens: new InternalTokenCache(config.INTERNAL_TOKEN_SECRET),
          limiter,
          publicLimit: config.RATE_LIMIT_PUBLIC_REQUESTS,
          timeoutMs: config.UPSTREAM_TIMEOUT_MS,
          logger,
        }),
      );
    },
  });
  const http = await listen(app, config.GATEWAY_PORT, config.HOST);
  logger.info({ url: http.url }, 'gateway listening');
  const closers: Closer[] = [
    { name: 'http', close: () => http.close() },
    { name: 'board-queues', close: () => Promise.all(admin.queues.map((q) => q.close())) },
    { name: 'redis', close: () => redis.quit() },
    { name: 'board-redis', close: () => boardRedis.quit() },
  ];
  return runningProcess({
    url: http.url,
    logger,
    closers,
  });
}

/** The uniform entry point every service exposes (main.ts, `pnpm start` and the test kit use it). */
export async function start(env: NodeJS.ProcessEnv = process.env) {
  const { loadConfig } = await import('./config');
  return startGateway(loadConfig(env));
}
