import { SourceRejectedError, SourceUnavailableError } from './source-errors';

export interface HttpJsonOptions {
  source: string;
  timeoutMs: number;
  /** Tries per request, the first included. */
  attempts: number;
  backoffMs: number;
  /** Longest wait between tries, and the most a Retry-After is honoured in-process. */
  maxBackoffMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full jitter: a uniform wait up to the exponential step, so many workers do not retry in lockstep. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * GET a JSON document: null on 404, the body on 2xx. 429, 5xx, network errors and timeouts are
 * retried with backoff (honouring Retry-After) and end as SourceUnavailableError; other 4xx and
 * unreadable bodies are SourceRejectedError.
 */
export async function getJson(url: string, o: HttpJsonOptions): Promise<unknown> {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? sleepFor;
  const maxBackoff = o.maxBackoffMs ?? 10_000;
  let last: SourceUnavailableError | null = null;
  for (let attempt = 0; attempt < o.attempts; attempt++) {
    if (attempt > 0) {
      const wait = Math.max(backoffDelay(attempt - 1, o.backoffMs, maxBackoff, o.random), Math.min(last?.retryAfterMs ?? 0, maxBackoff));
      await sleep(wait);
    }
    if (o.signal?.aborted) throw new SourceUnavailableError(o.source, 'aborted');
    const signal = o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]) : AbortSignal.timeout(o.timeoutMs);
    let res: Response;
    try {
      res = await doFetch(url, { headers: { accept: 'application/json', 'user-agent': 'bookshelf/1 (catalogue enrichment)' }, signal });
    } catch (err) {
      last = new SourceUnavailableError(o.source, `request failed: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      last = new SourceUnavailableError(o.source, `HTTP ${res.status}`, retryAfterMs(res.headers.get('retry-after')));
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new SourceRejectedError(`${o.source}: HTTP ${res.status} for ${new URL(url).pathname}`);
    }
    try {
      return (await res.json()) as unknown;
    } catch {
      throw new SourceRejectedError(`${o.source}: not JSON from ${new URL(url).pathname}`);
    }
  }
  throw last ?? new SourceUnavailableError(o.source, 'no attempt made');
}
