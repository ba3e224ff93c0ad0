import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, CuttableProxy, freshDatabase, startSystem, type System } from '@bookshelf/testkit';

let proxy: CuttableProxy;
let sys: System;
beforeAll(async () => {
  const db = new URL(await freshDatabase());
  proxy = await CuttableProxy.start(db.hostname, Number(db.port || 5432));
  db.hostname = '127.0.0.1';
  db.port = String(proxy.port);
  sys = await startSystem({ services: ['users'], env: { DATABASE_URL: db.toString() } });
});
afterAll(async () => {
  await sys.close();
  await proxy.close();
});

describe('Postgres outage', () => {
  it('answers 503 problem+json quickly while the database is unreachable, and recovers by itself', async () => {
    const api = new ApiClient(sys.gatewayUrl, await sys.idp.token('pg-outage'));
    await api.json('PATCH', '/v1/me/preferences', { ui_theme: 'light' }, 200);
    proxy.cut();
    const started = Date.now();
    const res = await api.request('PATCH', '/v1/me/preferences', { ui_theme: 'dark' });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(Date.now() - started).toBeLessThan(8_000);
    expect((await fetch(`${sys.services.users!.url}/readyz`)).status).toBe(503);

    proxy.restore();
    let after = 0;
    for (let i = 0; i < 50 && after !== 200; i++) {
      after = (await api.request('PATCH', '/v1/me/preferences', { ui_theme: 'dark' })).status;
      if (after !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(after).toBe(200);
    expect((await api.get<{ preferences: { ui_theme: string } }>('/v1/me')).preferences.ui_theme).toBe('dark');
  });
});
