import { beforeAll, describe, expect, it } from 'vitest';
import { migrateAll, SERVICE_SCHEMAS } from '@bookshelf/db';
import { freshDatabase } from '@bookshelf/testkit';
import { applyServiceRoles, asServiceRole, emptyDatabase, roleOf, ROLES_SQL, withClient } from '../src/postgres';

async function tablesOf(url: string, schema: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ t: string }>(`SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = $1`, [schema]);
    return rows.map((r) => r.t);
  });
}

/** Checks every role against every schema: its own fully usable, the others closed. */
async function expectIsolation(url: string): Promise<void> {
  await withClient(url, async (c) => {
    for (const { schema: owned } of SERVICE_SCHEMAS) {
      const role = roleOf(owned);
      for (const { schema } of SERVICE_SCHEMAS) {
        const mine = schema === owned;
        const { rows } = await c.query<{ usage: boolean; create: boolean }>(
          `SELECT has_schema_privilege($1, $2, 'USAGE') AS usage, has_schema_privilege($1, $2, 'CREATE') AS create`,
          [role, schema],
        );
        expect(rows[0], `${role} on schema ${schema}`).toEqual({ usage: mine, create: mine });
        const tables = await tablesOf(url, schema);
        expect(tables.length, `schema ${schema} has tables`).toBeGreaterThan(0);
        for (const t of tables) {
          const { rows: priv } = await c.query<{ ok: boolean }>(`SELECT has_table_privilege($1, $2, 'SELECT,INSERT,UPDATE,DELETE') AS ok`, [role, t]);
          expect(priv[0]?.ok, `${role} on ${t}`).toBe(mine);
        }
      }
    }
  });
}

describe('deploy/postgres/initdb/10-service-roles.sql', () => {
  let fresh: string;
  let migratedFirst: string;

  // Roles are cluster-wide (and may hold grants in other test databases): they are left in place.
  beforeAll(async () => {
    // As compose does it: roles on an empty database, then the migrations (as the migrator).
    fresh = await emptyDatabase('roles');
    await applyServiceRoles(fresh);
    await applyServiceRoles(fresh); // idempotent
    await migrateAll(fresh);
    // The other order: a database already migrated, the script run afterwards.
    migratedFirst = await freshDatabase();
    await applyServiceRoles(migratedFirst);
  });

  it('names the same schema ↔ role pairs as SERVICE_SCHEMAS', () => {
    const pairs = [...ROLES_SQL.matchAll(/\['(\w+)',\s*'(\w+)'\]/g)].map((m) => [m[1], m[2]]);
    expect(pairs).toEqual(SERVICE_SCHEMAS.map((s) => [s.schema, roleOf(s.schema)]));
  });

  it('gives each role its own schema (tables created later by migrations included) and nothing else', async () => {
    await expectIsolation(fresh);
  });

  it('also covers tables that existed before the script ran', async () => {
    await expectIsolation(migratedFirst);
  });

  it('lets a service role really read and write its tables, and refuses another schema', async () => {
    const [own, other] = SERVICE_SCHEMAS;
    const ownTable = (await tablesOf(fresh, own!.schema)).find((t) => t.endsWith('.outbox')) ?? (await tablesOf(fresh, own!.schema))[0]!;
    const otherTable = (await tablesOf(fresh, other!.schema))[0]!;
    await withClient(asServiceRole(fresh, own!.schema), async (c) => {
      await c.query('BEGIN');
      await c.query(`DELETE FROM ${ownTable}`);
      await c.query(`SELECT count(*) FROM ${ownTable}`);
      await c.query('ROLLBACK');
      await expect(c.query(`SELECT count(*) FROM ${otherTable}`)).rejects.toMatchObject({ code: '42501' });
      await expect(c.query(`CREATE TABLE public.sneaky (id int)`)).rejects.toMatchObject({ code: '42501' });
    });
  });
});
