import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from '@bookshelf/db';
import { repoPath } from './repo';

export const ROLES_SQL = readFileSync(repoPath('deploy/postgres/initdb/10-service-roles.sql'), 'utf8');
export const roleOf = (schema: string): string => `${schema}_svc`;
/** Test-only password for the service roles, so the URLs work with password auth too. */
const ROLE_PASSWORD = 'ops-tests-only';

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** An empty database of this run (the global teardown drops bookshelf_test_<runId>_*). */
export async function emptyDatabase(suffix: string): Promise<string> {
  const admin = inject('databaseUrl');
  const name = `bookshelf_test_${inject('runId')}_${process.pid}_${suffix}`;
  await withClient(withDatabase(admin, 'postgres'), (c) => c.query(`CREATE DATABASE "${name}"`));
  return withDatabase(admin, name);
}

/** Runs the roles script as the migrator would (roles are cluster-wide and are left in place). */
export async function applyServiceRoles(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(ROLES_SQL);
    for (const role of [...ROLES_SQL.matchAll(/'(\w+_svc)'/g)].map((m) => m[1]!)) {
      await c.query(`ALTER ROLE "${role}" PASSWORD '${ROLE_PASSWORD}'`);
    }
  });
}

/** The same database, as a service's own role. */
export function asServiceRole(url: string, schema: string): string {
  const u = new URL(url);
  u.username = roleOf(schema);
  u.password = ROLE_PASSWORD;
  return u.toString();
}
