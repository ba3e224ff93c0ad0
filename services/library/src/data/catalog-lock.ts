import type { Pool } from 'pg';

/**
 * Serialises catalogue imports across processes (start-up seeding on several replicas, a
 * catalog.import job, the CLI): a session advisory lock held on a dedicated connection.
 */
export async function withCatalogLock<T>(pool: Pool, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('bookshelf.library.catalog-import'))`);
    try {
      return await work();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('bookshelf.library.catalog-import'))`);
    }
  } finally {
    client.release();
  }
}
