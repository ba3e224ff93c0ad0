/** What the outbox and inbox need from a transaction: a Prisma tx client satisfies it. */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  return `"${schema}"`;
}

export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}

/**
 * The platform tables every service schema carries. Each service's first migration
 * contains exactly this SQL (migrations are static files, so it is copied there).
 */
export function platformTablesSql(schema: string): string {
  const s = quoteSchema(schema);
  return `CREATE TABLE ${s}.outbox (
  id text PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (id) WHERE published_at IS NULL;
CREATE TABLE ${s}.inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
`;
}
