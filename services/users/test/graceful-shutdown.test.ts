import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { signInternalToken } from '@bookshelf/platform';
import { freePort, freshDatabase, freshQueuePrefix, spawnService, waitForHttp } from '@bookshelf/testkit';

const SECRET = 'test-internal-secret-0123456789abcdef';
let db: pg.Pool;
let databaseUrl: string;
beforeAll(async () => {
  databaseUrl = await freshDatabase();
  db = new pg.Pool({ connectionString: databaseUrl });
});
afterAll(async () => {
  await db.end();
});

describe('graceful shutdown', () => {
  it('SIGTERM under load: every accepted request completes, every committed change keeps its event', async () => {
    // A port the OS says is free: a random one once landed on RabbitMQ's 25672 on a CI machine.
    const port = await freePort();
    const svc = spawnService('services/users/src/main.ts', {
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: freshQueuePrefix(),
      INTERNAL_TOKEN_SECRET: SECRET,
      USERS_PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`);
    const gw = await signInternalToken(SECRET, { userId: null, roles: ['gateway'] });
    const resolved = (await (
      await fetch(`${base}/internal/identities/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gw}`, 'content-type': 'application/json' },
        body: JSON.stringify({ issuer: 'https://idp.test', subject: 'shutdown' }),
      })
    ).json()) as { userId: string };
    const token = await signInternalToken(SECRET, { userId: resolved.userId, roles: [] });

    const outcomes: ('ok' | 'refused' | 'broken' | number)[] = [];
    const fire = async (i: number) => {
      try {
        const res = await fetch(`${base}/v1/me/preferences`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ genre_weights: { [`g${i}`]: 0.5 } }),
        });
        outcomes[i] = res.status === 200 ? 'ok' : res.status;
      } catch (err) {
        const code = (err as { cause?: { code?: string } }).cause?.code;
        // Refused before being accepted is fine; a reset after acceptance would be a lost request.
        outcomes[i] = code === 'ECONNREFUSED' ? 'refused' : 'broken';
      }
    };
    const load: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      load.push(fire(i));
      if (i === 150) svc.child.kill('SIGTERM');
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(load);
    expect(await svc.exited).toBe(0);
    expect(outcomes.filter((o) => o === 'broken')).toEqual([]);
    // A definitive answer for everything accepted: applied (200), or refused as overloaded (503).
    expect(outcomes.filter((o) => typeof o === 'number' && o !== 503)).toEqual([]);
    const ok = outcomes.map((o, i) => (o === 'ok' ? `g${i}` : null)).filter((g): g is string => g !== null);
    expect(ok.length).toBeGreaterThan(100);
    // Every acknowledged change is in the database with its event in the outbox.
    const { rows } = await db.query(`SELECT domain_preferences FROM users.users WHERE id = $1`, [resolved.userId]);
    expect(Object.keys(rows[0].domain_preferences.genre_weights).sort()).toEqual(ok.sort());
    const events = await db.query(`SELECT count(*)::int AS n FROM users.outbox WHERE type = 'user.preferences-updated'`);
    expect(events.rows[0].n).toBe(ok.length);
  });
});
