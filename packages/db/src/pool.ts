import pg from 'pg';

export interface PoolOptions {
  url: string;
  /** The service's schema: first on the search_path so unqualified SQL lands there. */
  schema: string;
  max?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
}

/**
 * One pg pool per service, shared by Prisma (through the adapter) and the platform's raw SQL.
 * Timeouts are set so an unreachable database fails a request in seconds instead of hanging.
 */
export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs ?? 10_000,
    application_name: opts.applicationName ?? `bookshelf-${opts.schema}`,
    options: `-c search_path=${opts.schema},public`,
  });
  // A connection dying (Postgres restart, network cut) must not crash the process: idle
  // clients report through the pool, checked-out ones through their pending query.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

export async function pingDatabase(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
