import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { REPO_ROOT } from '@bookshelf/db';
import { freshDatabase, freshQueuePrefix } from './database';
import { DevIdpClient } from './idp';

/** What every service's src/server.ts `start(env)` returns. */
export interface RunningService {
  url?: string;
  close(): Promise<void>;
  flushOutbox?: () => Promise<number>;
}

export type ServiceName = 'users' | 'library' | 'scan' | 'recommender';

const PORT_ENV: Record<ServiceName, string> = {
  users: 'USERS_PORT',
  library: 'LIBRARY_PORT',
  scan: 'SCAN_PORT',
  recommender: 'RECOMMENDER_PORT',
};
const URL_ENV: Record<ServiceName, string> = {
  users: 'USERS_URL',
  library: 'LIBRARY_URL',
  scan: 'SCAN_URL',
  recommender: 'RECOMMENDER_URL',
};

export async function startService(name: string, env: NodeJS.ProcessEnv): Promise<RunningService> {
  const mod = (await import(pathToFileURL(join(REPO_ROOT, 'services', name, 'src', 'server.ts')).href)) as {
    start: (env: NodeJS.ProcessEnv) => Promise<RunningService>;
  };
  return mod.start(env);
}

export interface System {
  env: NodeJS.ProcessEnv;
  gatewayUrl: string;
  idp: DevIdpClient;
  services: Partial<Record<ServiceName, RunningService>>;
  /** Relays every service's pending outbox events now (instead of waiting for the relay loop). */
  flushOutboxes(): Promise<void>;
  close(): Promise<void>;
}

export interface SystemOptions {
  services?: ServiceName[];
  env?: NodeJS.ProcessEnv;
}

/**
 * The whole system in this process on ephemeral ports, against a fresh database and queue
 * prefix: dev IdP → services → gateway. Tests talk to it as the mobile app would.
 */
export async function startSystem(opts: SystemOptions = {}): Promise<System> {
  const names = opts.services ?? ['users'];
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: await freshDatabase(),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: freshQueuePrefix(),
    INTERNAL_TOKEN_SECRET: 'test-internal-secret-0123456789abcdef',
    HOST: '127.0.0.1',
    DEV_IDP_PORT: '0',
    DEV_IDP_AUDIENCE: 'bookshelf-api',
    GATEWAY_PORT: '0',
    ...Object.fromEntries(names.map((n) => [PORT_ENV[n], '0'])),
    ...opts.env,
  };
  const started: RunningService[] = [];
  const services: Partial<Record<ServiceName, RunningService>> = {};
  try {
    const idp = (await startService('dev-idp', env)) as RunningService & { url: string; issuer: string };
    started.push(idp);
    env.AUTH_JWKS_URL = `${idp.url}/.well-known/jwks.json`;
    env.AUTH_ISSUER = idp.issuer;
    env.AUTH_AUDIENCE = env.DEV_IDP_AUDIENCE;
    for (const name of names) {
      const svc = await startService(name, env);
      started.push(svc);
      services[name] = svc;
      if (svc.url) env[URL_ENV[name]] = svc.url;
    }
    // Routes of services not started point at a closed port, so they answer 503.
    for (const name of Object.keys(URL_ENV) as ServiceName[]) env[URL_ENV[name]] ??= 'http://127.0.0.1:9';
    const gateway = (await startService('gateway', env)) as RunningService & { url: string };
    started.push(gateway);
    return {
      env,
      gatewayUrl: gateway.url,
      idp: new DevIdpClient(idp.url),
      services,
      flushOutboxes: async () => {
        for (const s of Object.values(services)) await s.flushOutbox?.();
      },
      close: async () => {
        for (const s of started.reverse()) await s.close().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    throw err;
  }
}
