import { quoteSchema, type SqlExecutor } from './sql';

/**
 * Records that `consumer` handled `eventId`, in the same transaction as the effect.
 * Returns false when it was already handled: delivery is at least once, effects exactly once.
 */
export async function claimEvent(tx: SqlExecutor, schema: string, consumer: string, eventId: string): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO ${quoteSchema(schema)}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    consumer,
    eventId,
  );
  return inserted === 1;
}
