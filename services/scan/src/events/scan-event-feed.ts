import type { ScanDetail, ScanEventName } from '@bookshelf/contracts';
import type { ScanChannelMessage } from './scan-channel';
import type { ScanEventHub } from './scan-event-hub';

export interface ScanSnapshot {
  detail: ScanDetail;
  attempt: number;
  spinesTotal: number | null;
}

export interface FeedDeps {
  scanId: string;
  hub: ScanEventHub;
  /** The scan as the database has it now (throws when it is gone or not the reader's). */
  snapshot: () => Promise<ScanSnapshot>;
  /** Live events can be lost (Redis is not the record): the database is looked at this often too. */
  recheckMs: number;
  /** The id of the last event a reconnecting client saw (SSE Last-Event-ID), if any. */
  lastEventId?: string | null;
}

/** `id` is the event's SSE id: `<attempt>-<order of the last detection sent>`. */
export type FeedSink = (event: ScanEventName, data: unknown, id: string) => void;

/** Where a client that saw event `id` stands: the attempt and the last detection it has. */
export function parseEventId(id: string | null | undefined): { attempt: number; order: number } | null {
  const m = /^(\d{1,9})-(\d{1,9})$/.exec(id?.trim() ?? '');
  return m ? { attempt: Number(m[1]), order: Number(m[2]) } : null;
}

/**
 * Follows one scan for an event stream: subscribes first, then replays what the database
 * already has (so a late subscriber sees every box), then forwards live events, skipping any
 * already replayed, until the scan is done or failed or the stream is closed. Every event
 * carries an id; a client that reconnects with the last one it saw (Last-Event-ID) is not sent
 * the detections of that attempt it already has.
 */
export async function followScan(deps: FeedDeps, sink: FeedSink, signal: AbortSignal): Promise<void> {
  const pending: ScanChannelMessage[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = await deps.hub.subscribe(deps.scanId, (m) => {
    pending.push(m);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    const snap = await deps.snapshot();
    let attempt = snap.attempt;
    // Detections are stored and announced in shelf order: the last order sent says what a client has.
    const resume = parseEventId(deps.lastEventId);
    const hadBefore = (a: number) => (resume && resume.attempt === a ? resume.order : 0);
    let lastOrder = hadBefore(attempt);
    const send = (event: ScanEventName, data: unknown) => sink(event, data, `${attempt}-${lastOrder}`);
    const terminal = (detail: ScanDetail): boolean => {
      if (detail.status === 'done') send('done', detail);
      else if (detail.status === 'failed' && detail.failure) send('failed', { scanId: detail.id, failure: detail.failure });
      else return false;
      return true;
    };
    const sent = new Set<string>();
    const { detail } = snap;
    send('progress', {
      scanId: detail.id,
      status: detail.status,
      stage: detail.stage,
      done: detail.stage === 'detecting' || detail.stage === 'matching' ? detail.detections.length : null,
      total: snap.spinesTotal,
      // A client back from an earlier attempt drops the boxes it drew: they are replaced.
      reset: resume !== null && resume.attempt !== attempt,
    });
    for (const d of detail.detections) {
      sent.add(d.id);
      if (d.order <= hadBefore(attempt)) continue;
      lastOrder = d.order;
      send('detection', d);
    }
    if (terminal(detail)) return;

    while (!signal.aborted) {
      if (pending.length === 0) {
        const recheck = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), deps.recheckMs);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = null;
        if (signal.aborted) return;
        if (recheck && terminal((await deps.snapshot()).detail)) return;
      }
      for (const m of pending.splice(0)) {
        if (m.type === 'progress') {
          if (m.attempt < attempt) continue;
          if (m.attempt > attempt) {
            attempt = m.attempt;
            lastOrder = 0;
            sent.clear();
          }
          send('progress', m.data);
        } else if (m.type === 'detection') {
          if (m.attempt !== attempt || sent.has(m.data.id) || m.data.order <= hadBefore(m.attempt)) continue;
          sent.add(m.data.id);
          lastOrder = Math.max(lastOrder, m.data.order);
          send('detection', m.data);
        } else if (terminal((await deps.snapshot()).detail)) {
          return;
        }
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await unsubscribe();
  }
}
