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

/** The database settings every service's config carries (platform's databaseEnv). */
export interface DatabaseSettings {
  DATABASE_URL: string;
  DATABASE_POOL_MAX: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
}

/** A service's pool from its parsed config, on its own schema. */
export function poolFor(config: DatabaseSettings, schema: string, overrides: Partial<PoolOptions> = {}): pg.Pool {
  return createPool({
    url: config.DATABASE_URL,
    schema,
    max: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    ...overrides,
  });
}
