import { createHttpApp, createLogger, listen, type Closer, type Logger } from '@bookshelf/platform';
import type { DevIdpConfig } from './config';
import { KeyStore } from './domain/keys';
import { idpRoutes } from './http/routes';

export interface RunningDevIdp {
  url: string;
  issuer: string;
  audience: string;
  logger: Logger;
  closers: Closer[];
  close(): Promise<void>;
}

/** A real OIDC-shaped token issuer for laptops, tests and demos. Never deployed to production. */
export async function startDevIdp(config: DevIdpConfig, logger = createLogger({ name: 'dev-idp', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })): Promise<RunningDevIdp> {
  const keys = await KeyStore.open(config.DEV_IDP_KEYS_FILE);
  let issuer = config.DEV_IDP_ISSUER ?? '';
  const app = createHttpApp({
    logger,
    health: {},
    routes: (a) => a.use(idpRoutes(keys, { issuer: () => issuer, audience: config.DEV_IDP_AUDIENCE, maxTtlSeconds: config.DEV_IDP_MAX_TTL_SECONDS })),
  });
  const http = await listen(app, config.DEV_IDP_PORT, config.HOST);
  if (!issuer) issuer = `http://127.0.0.1:${http.port}`;
  logger.info({ url: http.url, issuer }, 'dev-idp listening');
  const closers: Closer[] = [{ name: 'http', close: () => http.close() }];
  return { url: http.url, issuer, audience: config.DEV_IDP_AUDIENCE, logger, closers, close: () => http.close() };
}

/** The uniform entry point every service exposes (main.ts, `pnpm start` and the test kit use it). */
export async function start(env: NodeJS.ProcessEnv = process.env) {
  const { loadConfig } = await import('./config');
  return startDevIdp(loadConfig(env));
}
