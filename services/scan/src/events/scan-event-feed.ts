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
}

export type FeedSink = (event: ScanEventName, data: unknown) => void;

function terminal(sink: FeedSink, detail: ScanDetail): boolean {
  if (detail.status === 'done') sink('done', detail);
  else if (detail.status === 'failed' && detail.failure) sink('failed', { scanId: detail.id, failure: detail.failure });
  else return false;
  return true;
}

/**
 * Follows one scan for an event stream: subscribes first, then replays what the database
 * already has (so a late subscriber sees every box), then forwards live events, skipping any
 * already replayed, until the scan is done or failed or the stream is closed.
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
    const sent = new Set<string>();
    const { detail } = snap;
    sink('progress', {
      scanId: detail.id,
      status: detail.status,
      stage: detail.stage,
      done: detail.stage === 'detecting' || detail.stage === 'matching' ? detail.detections.length : null,
      total: snap.spinesTotal,
      reset: false,
    });
    for (const d of detail.detections) {
      sink('detection', d);
      sent.add(d.id);
    }
    if (terminal(sink, detail)) return;

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
        if (recheck && terminal(sink, (await deps.snapshot()).detail)) return;
      }
      for (const m of pending.splice(0)) {
        if (m.type === 'progress') {
          if (m.attempt < attempt) continue;
          if (m.attempt > attempt) {
            attempt = m.attempt;
            sent.clear();
          }
          sink('progress', m.data);
        } else if (m.type === 'detection') {
          if (m.attempt !== attempt || sent.has(m.data.id)) continue;
          sent.add(m.data.id);
          sink('detection', m.data);
        } else if (terminal(sink, (await deps.snapshot()).detail)) {
          return;
        }
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await unsubscribe();
  }
}
