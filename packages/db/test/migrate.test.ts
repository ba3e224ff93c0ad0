import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '@bookshelf/testkit';
import { migrate } from '../src/index';

let url: string;
let dir: string;
let client: pg.Client;
beforeAll(async () => {
  url = await freshDatabase();
  client = new pg.Client({ connectionString: url });
  await client.connect();
  dir = await mkdtemp(join(tmpdir(), 'migrations-'));
  await mkdir(join(dir, '20260101000000_init'));
  await writeFile(join(dir, '20260101000000_init', 'migration.sql'), 'CREATE TABLE "demo"."things" (id int PRIMARY KEY);');
  await mkdir(join(dir, '20260102000000_more'));
  await writeFile(join(dir, '20260102000000_more', 'migration.sql'), 'ALTER TABLE "demo"."things" ADD COLUMN name text;');
});
afterAll(async () => {
  await client.end();
});

describe('migration runner', () => {
  it('applies pending migrations once and records them as prisma migrate deploy does', async () => {
    const [a, b] = await Promise.all([migrate({ url, schema: 'demo', dir }), migrate({ url, schema: 'demo', dir })]);
    // Concurrent runners serialise on the advisory lock: one applies, the other finds nothing to do.
    expect([...a, ...b].sort()).toEqual(['20260101000000_init', '20260102000000_more']);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM demo._prisma_migrations ORDER BY migration_name`,
    );
    const sql = 'CREATE TABLE "demo"."things" (id int PRIMARY KEY);';
    expect(rows[0]).toMatchObject({
      migration_name: '20260101000000_init',
      checksum: createHash('sha256').update(sql).digest('hex'),
      applied_steps_count: 1,
      rolled_back_at: null,
    });
    expect(rows[0].finished_at).not.toBeNull();
    expect(await migrate({ url, schema: 'demo', dir })).toEqual([]);
  });

  it('rolls back a failing migration entirely and reports which one failed', async () => {
    await mkdir(join(dir, '20260103000000_broken'));
    await writeFile(join(dir, '20260103000000_broken', 'migration.sql'), 'ALTER TABLE "demo"."things" ADD COLUMN x int; SELECT * FROM nowhere;');
    await expect(migrate({ url, schema: 'demo', dir })).rejects.toThrow(/20260103000000_broken/);
    const cols = await client.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'demo' AND table_name = 'things'`);
    expect(cols.rows.map((r) => r.column_name)).not.toContain('x');
  });
});
