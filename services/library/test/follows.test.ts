import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';
import { reader } from './helpers';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let sys: System;
beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
});
afterAll(async () => {
  await sys.close();
});

describe('follows', () => {
  it('follows at once when approval is off, idempotently, and unfollows', async () => {
    const [a, b] = [await reader(sys, 'fa'), await reader(sys, 'fb')];
    const first = await a.api.request('POST', `/v1/users/${b.id}/follow`);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ userId: b.id, status: 'following' });
    expect((await a.api.request('POST', `/v1/users/${b.id}/follow`)).status).toBe(200);
    expect((await b.api.get<Page<{ userId: string }>>('/v1/me/followers')).items.map((f) => f.userId)).toEqual([a.id]);
    expect((await a.api.get<Page<{ userId: string; status: string }>>('/v1/me/following')).items).toMatchObject([{ userId: b.id, status: 'following' }]);
    expect((await a.api.request('DELETE', `/v1/users/${b.id}/follow`)).status).toBe(204);
    expect((await a.api.request('DELETE', `/v1/users/${b.id}/follow`)).status).toBe(204);
    expect((await b.api.get<Page<unknown>>('/v1/me/followers')).items).toEqual([]);
  });

  it('makes a pending request when approval is on; the owner approves or rejects it', async () => {
    const [owner, x, y] = [await reader(sys, 'fo'), await reader(sys, 'fx'), await reader(sys, 'fy')];
    await owner.api.json('PUT', '/v1/library/me/settings', { approveFollowers: true }, 200);
    const rx = await x.api.request('POST', `/v1/users/${owner.id}/follow`);
    expect(rx.status).toBe(202);
    expect(await rx.json()).toEqual({ userId: owner.id, status: 'pending' });
    expect((await y.api.request('POST', `/v1/users/${owner.id}/follow`)).status).toBe(202);
    expect((await x.api.request('POST', `/v1/users/${owner.id}/follow`)).status).toBe(200);
    expect((await x.api.get<Page<{ status: string }>>('/v1/me/following')).items).toMatchObject([{ status: 'pending' }]);

    const requests = await owner.api.get<Page<{ id: string; userId: string }>>('/v1/me/follow-requests');
    expect(requests.items.map((r) => r.userId).sort()).toEqual([x.id, y.id].sort());
    const fromX = requests.items.find((r) => r.userId === x.id)!;
    const fromY = requests.items.find((r) => r.userId === y.id)!;
    // Only the addressee decides.
    expect((await x.api.request('POST', `/v1/me/follow-requests/${fromX.id}/approve`)).status).toBe(404);
    expect(await owner.api.json('POST', `/v1/me/follow-requests/${fromX.id}/approve`, undefined, 200)).toEqual({ id: fromX.id, userId: x.id, status: 'approved' });
    expect(await owner.api.json('POST', `/v1/me/follow-requests/${fromY.id}/reject`, undefined, 200)).toMatchObject({ status: 'rejected' });
    expect((await owner.api.request('POST', `/v1/me/follow-requests/${fromY.id}/approve`)).status).toBe(404);
    expect((await owner.api.get<Page<{ userId: string }>>('/v1/me/followers')).items.map((f) => f.userId)).toEqual([x.id]);
    expect((await owner.api.get<Page<unknown>>('/v1/me/follow-requests')).items).toEqual([]);
    // The owner can also drop a follower.
    expect((await owner.api.request('DELETE', `/v1/me/followers/${x.id}`)).status).toBe(204);
    expect((await owner.api.get<Page<unknown>>('/v1/me/followers')).items).toEqual([]);
  });

  it('lets everyone waiting in when approval is switched off', async () => {
    const [owner, x] = [await reader(sys, 'fo2'), await reader(sys, 'fx2')];
    await owner.api.json('PUT', '/v1/library/me/settings', { approveFollowers: true, visibility: 'followers' }, 200);
    await x.api.request('POST', `/v1/users/${owner.id}/follow`);
    const settings = await owner.api.json<{ approveFollowers: boolean; visibility: string }>('PUT', '/v1/library/me/settings', { approveFollowers: false }, 200);
    expect(settings).toMatchObject({ approveFollowers: false, visibility: 'followers' });
    expect((await owner.api.get<Page<{ userId: string }>>('/v1/me/followers')).items.map((f) => f.userId)).toEqual([x.id]);
  });

  it('treats any well-formed user id as a possible reader, but not oneself', async () => {
    const a = await reader(sys, 'fself');
    expect((await a.api.request('POST', '/v1/users/usr_01ARZ3NDEKTSV4RRFFQ69G5FAV/follow')).status).toBe(201);
    const self = await a.api.request('POST', `/v1/users/${a.id}/follow`);
    expect(self.status).toBe(422);
    expect((await a.api.request('POST', '/v1/users/bob/follow')).status).toBe(404);
    expect((await a.api.request('PUT', '/v1/library/me/settings', { visibility: 'everyone' })).status).toBe(422);
    expect((await a.api.request('PUT', '/v1/library/me/settings', {})).status).toBe(422);
  });

  it('pages followers with a cursor', async () => {
    const owner = await reader(sys, 'popular');
    const fans: string[] = [];
    for (let i = 0; i < 5; i++) {
      const f = await reader(sys, `fan${i}`);
      fans.push(f.id);
      await f.api.request('POST', `/v1/users/${owner.id}/follow`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<{ userId: string }> = await owner.api.get(`/v1/me/followers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((f) => f.userId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(fans.sort());
  });
});
