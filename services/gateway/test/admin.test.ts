import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';

let sys: System;
beforeAll(async () => {
  sys = await startSystem({ services: ['users'] });
});
afterAll(async () => {
  await sys.close();
});

describe('Bull Board at /admin/queues', () => {
  it('is 401 without a token, 403 without the operator role, open with it', async () => {
    const url = `${sys.gatewayUrl}/admin/queues/api/queues`;
    expect((await fetch(url)).status).toBe(401);
    const reader = await sys.idp.token('reader', { roles: ['reader'] });
    expect((await fetch(url, { headers: { authorization: `Bearer ${reader}` } })).status).toBe(403);
    const operator = await sys.idp.token('ops', { roles: ['operator'] });
    const res = await fetch(url, { headers: { authorization: `Bearer ${operator}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['library', 'recommender', 'scan', 'scan-inference', 'users']);
  });

  it('lets a browser in through a short-lived HttpOnly session cookie bought with an operator token', async () => {
    const page = await fetch(`${sys.gatewayUrl}/admin/queues`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('<form');

    const operator = await sys.idp.token('ops-browser', { roles: ['operator'] });
    const login = await fetch(`${sys.gatewayUrl}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ token: operator }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const board = await fetch(`${sys.gatewayUrl}/admin/queues`, { headers: { cookie: cookie.split(';')[0]!, accept: 'text/html' } });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('Bookshelf queues');

    const readerToken = await sys.idp.token('not-ops', { roles: [] });
    const denied = await fetch(`${sys.gatewayUrl}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: readerToken }).toString(),
      redirect: 'manual',
    });
    expect(denied.status).toBe(403);
    const forged = await fetch(`${sys.gatewayUrl}/admin/queues/api/queues`, { headers: { cookie: 'bookshelf_admin=eyJhbGciOiJub25lIn0.e30.' } });
    expect(forged.status).toBe(401);
  });
});

describe('API documentation', () => {
  it('serves an OpenAPI document generated from the contracts, and a docs page', async () => {
    const doc = (await (await fetch(`${sys.gatewayUrl}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/me', '/v1/me/preferences', '/v1/scans/{scanId}']));
    expect(doc.paths['/v1/me/preferences']!.patch!.requestBody).toBeDefined();
    const docs = await fetch(`${sys.gatewayUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    expect((await fetch(`${sys.gatewayUrl}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});

describe('metrics', () => {
  it('exposes HTTP latency by route and queue depth per queue and state', async () => {
    const token = await sys.idp.token('metrics-reader');
    await fetch(`${sys.gatewayUrl}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    const text = await (await fetch(`${sys.gatewayUrl}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/me",status="200"\} \d+/);
    expect(text).toMatch(/bullmq_jobs\{queue="scan-inference",state="waiting"\} \d+/);
  });
});
