import { describe, expect, it } from 'vitest';
import { backoffDelay, getJson, retryAfterMs } from './http-json';
import { SourceRejectedError, SourceUnavailableError } from './source-errors';

function scripted(answers: (() => Response)[]) {
  const calls: string[] = [];
  const fetchFn = (async (url: string | URL | Request) => {
    calls.push(String(url));
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  }) as typeof fetch;
  return { calls, fetchFn };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('getJson', () => {
  it('retries 429 and 5xx with backoff, honouring Retry-After, then returns the body', async () => {
    const { calls, fetchFn } = scripted([json(429, {}, { 'retry-after': '2' }), json(503, {}), json(200, { ok: true })]);
    const waits: number[] = [];
    const body = await getJson('http://src/x.json', {
      source: 'test', timeoutMs: 1000, attempts: 3, backoffMs: 100, fetch: fetchFn,
      sleep: async (ms) => void waits.push(ms), random: () => 0.5,
    });
    expect(body).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    // First wait: max(jitter 50, Retry-After 2 s); second: jitter over 200.
    expect(waits).toEqual([2000, 100]);
  });

  it('gives up after its attempts with SourceUnavailableError; 404 is null; other 4xx are rejected', async () => {
    const down = scripted([json(500, {}), json(502, {})]);
    await expect(getJson('http://src/x', { source: 't', timeoutMs: 100, attempts: 2, backoffMs: 1, fetch: down.fetchFn, sleep: async () => undefined }))
      .rejects.toBeInstanceOf(SourceUnavailableError);
    const missing = scripted([json(404, {})]);
    expect(await getJson('http://src/x', { source: 't', timeoutMs: 100, attempts: 3, backoffMs: 1, fetch: missing.fetchFn })).toBeNull();
    const bad = scripted([json(400, {})]);
    await expect(getJson('http://src/x', { source: 't', timeoutMs: 100, attempts: 3, backoffMs: 1, fetch: bad.fetchFn })).rejects.toBeInstanceOf(SourceRejectedError);
    expect(bad.calls).toHaveLength(1);
  });

  it('times out a hanging source and retries it', async () => {
    let n = 0;
    const fetchFn = (async (_url: string | URL | Request, init?: RequestInit) => {
      n++;
      if (n === 1) {
        return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      }
      return json(200, { late: false })();
    }) as typeof fetch;
    expect(await getJson('http://src/x', { source: 't', timeoutMs: 30, attempts: 2, backoffMs: 1, fetch: fetchFn })).toEqual({ late: false });
  });

  it('spreads backoff with full jitter under an exponential cap', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 10_000, () => 0.999)).toBe(799);
    expect(backoffDelay(20, 100, 10_000, () => 0.5)).toBe(5000);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now())).toBeGreaterThan(3000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});
