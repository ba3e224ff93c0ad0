import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesWithMigrations } from '@bookshelf/db';
import { freshDatabase } from '@bookshelf/testkit';

// Migrations are static SQL, so each service's first migration carries its own copy of the
// outbox and inbox tables: this checks every copy matches what the relay and inbox expect.
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: await freshDatabase() });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

async function columns(schema: string, table: string): Promise<string[]> {
  const { rows } = await client.query<{ c: string }>(
    `SELECT column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS c
       FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`,
    [schema, table],
  );
  return rows.map((r) => r.c);
}

describe('platform tables in every service schema', () => {
  for (const { service, schema } of servicesWithMigrations()) {
    it(`${service} (${schema}) has the outbox and inbox the platform writes to`, async () => {
      expect(await columns(schema, 'outbox')).toEqual([
        'created_at timestamp with time zone not null',
        'id text not null',
        'meta jsonb not null',
        'payload jsonb not null',
        'published_at timestamp with time zone',
        'type text not null',
      ]);
      expect(await columns(schema, 'inbox')).toEqual([
        'consumer text not null',
        'event_id text not null',
        'processed_at timestamp with time zone not null',
      ]);
    });
  }
});
