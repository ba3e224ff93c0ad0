import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startSystem, type System } from '@bookshelf/testkit';

let sys: System;
let db: pg.Pool;
beforeAll(async () => {
  sys = await startSystem({ services: ['users'] });
  db = new pg.Pool({ connectionString: sys.env.DATABASE_URL });
});
afterAll(async () => {
  await db.end();
  await sys.close();
});

describe('just-in-time provisioning', () => {
  it('creates exactly one user for 50 concurrent first requests of one identity', async () => {
    const token = await sys.idp.token('racer');
    const api = new ApiClient(sys.gatewayUrl, token);
    const results = await Promise.all(Array.from({ length: 50 }, () => api.request('GET', '/v1/me')));
    const bodies = await Promise.all(results.map((r) => r.json() as Promise<{ id: string }>));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM users.users WHERE idp_subject = 'racer'`);
    expect(rows[0].n).toBe(1);
  });

  it('emits user.provisioned once through the outbox', async () => {
    const api = new ApiClient(sys.gatewayUrl, await sys.idp.token('evented'));
    const me = await api.get<{ id: string }>('/v1/me');
    await api.get('/v1/me');
    const { rows } = await db.query(`SELECT type FROM users.outbox WHERE payload->>'userId' = $1`, [me.id]);
    expect(rows.map((r) => r.type)).toEqual(['user.provisioned']);
  });

  it('keeps identities from different issuers apart', async () => {
    const res = await fetch(`${sys.services.users!.url}/internal/identities/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ issuer: 'https://other-idp.example', subject: 'racer' }),
    });
    // Without the gateway's internal token the users service refuses outright.
    expect(res.status).toBe(401);
  });
});
