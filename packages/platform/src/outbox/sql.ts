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
