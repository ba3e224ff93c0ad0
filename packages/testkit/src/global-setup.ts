import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { Redis } from 'ioredis';
import { migrateAll, withDatabase } from '@bookshelf/db';
import { resolveInfra } from './infra';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
    databaseUrl: string;
    redisUrl: string;
    runId: string;
  }
}

const STALE_MS = 6 * 3600_000;

async function dropDatabases(adminUrl: string, predicate: (name: string) => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'bookshelf_test_%'`);
    for (const { datname } of rows) {
      if (predicate(datname)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Once per test run: a template database with every migration applied. Each test file
 * clones it (CREATE DATABASE … TEMPLATE), so files never see each other's rows.
 */
export default async function setup(project: TestProject) {
  const infra = await resolveInfra();
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  // Leftovers of runs that crashed hours ago.
  await dropDatabases(infra.databaseUrl, (name) => {
    const ts = parseInt(name.split('_')[2] ?? '', 36);
    return Number.isFinite(ts) && Date.now() - ts > STALE_MS;
  });
  const template = withDatabase(infra.databaseUrl, `bookshelf_test_${runId}_tmpl`);
  await migrateAll(template);
  project.provide('templateDatabaseUrl', template);
  project.provide('databaseUrl', infra.databaseUrl);
  project.provide('redisUrl', infra.redisUrl);
  project.provide('runId', runId);

  return async () => {
    await dropDatabases(infra.databaseUrl, (name) => name.startsWith(`bookshelf_test_${runId}`));
    const redis = new Redis(infra.redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `*t${runId}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    await infra.stop?.();
  };
}
