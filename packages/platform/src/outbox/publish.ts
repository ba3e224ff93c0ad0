import { ulid } from 'ulid';
import { EVENT_SCHEMAS, type EventPayload, type EventType } from '@bookshelf/contracts';
import { currentContext } from '../context';
import { outboxChannel, quoteSchema, type SqlExecutor } from './sql';

/**
 * Writes an event in the caller's transaction: it is published if and only if the
 * change commits. NOTIFY wakes the relay on commit, so latency is not the poll interval.
 */
export async function publishEvent<T extends EventType>(
  tx: SqlExecutor,
  schema: string,
  type: T,
  payload: EventPayload<T>,
): Promise<string> {
  const parsed = EVENT_SCHEMAS[type].parse(payload);
  const id = `evt_${ulid()}`;
  const requestId = currentContext().requestId;
  await tx.$executeRawUnsafe(
    `INSERT INTO ${quoteSchema(schema)}.outbox (id, type, payload, meta) VALUES ($1, $2, $3::jsonb, $4::jsonb)`,
    id,
    type,
    JSON.stringify(parsed),
    JSON.stringify(requestId ? { requestId } : {}),
  );
  await tx.$executeRawUnsafe(`SELECT pg_notify($1, '')`, outboxChannel(schema));
  return id;
}
