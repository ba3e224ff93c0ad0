import type { JobMeta } from '@bookshelf/contracts';
import type { EventStamp } from '../../data/reader-projection';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Milliseconds encoded in a (prefixed) ULID's first 10 characters, if it is one. */
export function ulidTime(id: string): number | null {
  const ulid = id.slice(id.indexOf('_') + 1);
  if (ulid.length !== 26) return null;
  let ms = 0;
  for (const ch of ulid.slice(0, 10)) {
    const v = CROCKFORD.indexOf(ch.toUpperCase());
    if (v < 0) return null;
    ms = ms * 32 + v;
  }
  return ms;
}

/**
 * When an event happened and which one it was: the projection keeps the newest. Prefers the
 * producer's own time of the change, then the outbox time, then the event id's ULID time.
 */
export function eventStamp(meta: JobMeta, jobId: string | undefined, occurredAt?: string): EventStamp {
  const eventId = meta.eventId ?? jobId ?? 'unknown';
  const candidates = [occurredAt, meta.occurredAt];
  for (const c of candidates) {
    if (!c) continue;
    const t = Date.parse(c);
    if (Number.isFinite(t)) return { eventId, at: new Date(t) };
  }
  const t = ulidTime(eventId);
  return { eventId, at: new Date(t ?? Date.now()) };
}
