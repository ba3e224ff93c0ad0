#!/usr/bin/env node
// Waits until a service's schema has every migration this image ships, so a pod never
// serves against an older schema (Kubernetes initContainer; the migrations Job applies them):
//   node deploy/docker/wait-for-migrations.mjs --schema users --dir services/users/prisma/migrations [--timeout 600]
// Connects with the service's own DATABASE_URL: it only reads "<schema>"."_prisma_migrations".
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const schema = args.schema;
const dir = resolve(args.dir ?? '');
const timeoutMs = Number(args.timeout ?? 600) * 1000;
const url = process.env.DATABASE_URL;
if (!schema || !args.dir || !url) {
  console.error('usage: DATABASE_URL=… wait-for-migrations.mjs --schema NAME --dir MIGRATIONS_DIR [--timeout SECONDS]');
  process.exit(2);
}
// pg comes from @bookshelf/db, which every service with a schema depends on.
const pg = createRequire(resolve(import.meta.dirname, '../../packages/db/package.json'))('pg');

const wanted = existsSync(dir)
  ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
  : [];

async function missing() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT migration_name FROM "${schema.replaceAll('"', '""')}"."_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(rows.map((r) => r.migration_name));
    return wanted.filter((m) => !done.has(m));
  } finally {
    await client.end().catch(() => undefined);
  }
}

const deadline = Date.now() + timeoutMs;
let last = '';
for (;;) {
  let state;
  try {
    const left = await missing();
    if (left.length === 0) {
      console.log(`schema ${schema}: all ${wanted.length} migrations applied`);
      process.exit(0);
    }
    state = `waiting for ${left.join(', ')}`;
  } catch (err) {
    // 42P01: no _prisma_migrations yet, the Job has not reached this schema.
    state = err?.code === '42P01' ? 'waiting for the migrations Job' : `waiting for the database: ${err instanceof Error ? err.message : err}`;
  }
  if (state !== last) console.log(`schema ${schema}: ${state}`);
  last = state;
  if (Date.now() > deadline) {
    console.error(`schema ${schema}: gave up after ${timeoutMs / 1000} s (${state})`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 2_000));
}
