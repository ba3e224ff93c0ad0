import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startSystem, type System } from '@bookshelf/testkit';

let sys: System;
beforeAll(async () => {
  sys = await startSystem({ services: ['users'], env: { RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_WINDOW_SECONDS: '60' } });
});
afterAll(async () => {
  await sys.close();
});

describe('service boundaries', () => {
  it('services reached directly without a valid internal token answer 401, whatever headers say', async () => {
    const users = sys.services.users!.url!;
    expect((await fetch(`${users}/v1/me`)).status).toBe(401);
    expect((await fetch(`${users}/v1/me`, { headers: { 'x-user-id': 'usr_01H0000000000000000000000', 'x-roles': 'operator' } })).status).toBe(401);
    const idpToken = await sys.idp.token('direct');
    expect((await fetch(`${users}/v1/me`, { headers: { authorization: `Bearer ${idpToken}` } })).status).toBe(401);
  });

  it('answers 404 problem+json for unknown routes, with the request id', async () => {
    const res = await fetch(`${sys.gatewayUrl}/v1/nothing-here`, { headers: { 'x-request-id': 'trace-me-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
    expect(((await res.json()) as { requestId: string }).requestId).toBe('trace-me-123');
  });

  it('answers 503 when the owning service is down, quickly', async () => {
    const api = new ApiClient(sys.gatewayUrl, await sys.idp.token('no-library'));
    const started = Date.now();
    const res = await api.request('GET', '/v1/books/search?q=dune');
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rate-limits per user with Retry-After; a spoofed X-Forwarded-For does not reset the budget', async () => {
    const alice = new ApiClient(sys.gatewayUrl, await sys.idp.token('limited'));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await alice.request('GET', '/v1/me', undefined, { 'x-forwarded-for': `10.0.0.${i}` });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(((await res.json()) as { code: string }).code).toBe('rate_limited');
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Another reader has a budget of their own.
    const bob = new ApiClient(sys.gatewayUrl, await sys.idp.token('unlimited-bob'));
    expect((await bob.request('GET', '/v1/me')).status).toBe(200);
  });

  it('health and readiness really check their dependencies', async () => {
    const ready = await fetch(`${sys.services.users!.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { postgres: { status: 'ok' }, redis: { status: 'ok' } } });
    expect((await fetch(`${sys.gatewayUrl}/healthz`)).status).toBe(200);
  });
});
