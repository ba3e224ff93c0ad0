import { monotonicFactory } from 'ulid';
import { EVENT_SCHEMAS, type EventPayload, type EventType } from '@bookshelf/contracts';
import { currentContext, outboxChannel, publishEvent } from '@bookshelf/platform';
import { SCHEMA, type Sql } from './prisma';

const ulid = monotonicFactory();

/**
 * Writes many events of one type in the caller's transaction with one INSERT (a catalogue import
 * emits thousands). Same rows as publishEvent: validated payloads, the request id in meta.
 */
export async function publishEvents<T extends EventType>(tx: Sql, type: T, payloads: EventPayload<T>[]): Promise<void> {
  if (payloads.length === 0) return;
  if (payloads.length === 1) {
    await publishEvent(tx, SCHEMA, type, payloads[0]!);
    return;
  }
  const schema = EVENT_SCHEMAS[type];
  const rows = payloads.map((p) => ({ id: `evt_${ulid()}`, payload: schema.parse(p) as unknown }));
  const requestId = currentContext().requestId;
  await tx.$executeRawUnsafe(
    `INSERT INTO outbox (id, type, payload, meta)
     SELECT e->>'id', $1, e->'payload', $2::jsonb FROM jsonb_array_elements($3::jsonb) AS e`,
    type,
    JSON.stringify(requestId ? { requestId } : {}),
    JSON.stringify(rows),
  );
  await tx.$executeRawUnsafe(`SELECT pg_notify($1, '')`, outboxChannel(SCHEMA));
}
