import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader } from './helpers';

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

describe('blocking', () => {
  it('ends follows both ways and pending requests, hides the library, and refuses new follows', async () => {
    const [owner, troll, friend] = [await reader(sys, 'bo'), await reader(sys, 'bt'), await reader(sys, 'bf')];
    await owner.api.json('PUT', '/v1/library/me/settings', { visibility: 'public' }, 200);
    const dune = await findBook(owner.api, 'dune');
    await owner.api.json('POST', '/v1/library/me/books', { bookId: dune.id }, 201);
    await troll.api.json('POST', `/v1/users/${owner.id}/follow`, undefined, 201);
    await owner.api.json('POST', `/v1/users/${troll.id}/follow`, undefined, 201);
    await friend.api.json('POST', `/v1/users/${owner.id}/follow`, undefined, 201);
    expect((await troll.api.request('GET', `/v1/users/${owner.id}/library/books`)).status).toBe(200);

    const blocked = await owner.api.request('POST', `/v1/users/${troll.id}/block`);
    expect(blocked.status).toBe(201);
    expect(await blocked.json()).toEqual({ userId: troll.id, blocked: true });
    expect((await owner.api.request('POST', `/v1/users/${troll.id}/block`)).status).toBe(200);

    // Follows are gone both ways; the friend is untouched.
    expect((await owner.api.get<Page<{ userId: string }>>('/v1/me/followers')).items.map((f) => f.userId)).toEqual([friend.id]);
    expect((await owner.api.get<Page<unknown>>('/v1/me/following')).items).toEqual([]);
    expect((await troll.api.get<Page<unknown>>('/v1/me/following')).items).toEqual([]);
    // A public library is a 404 to the blocked reader, exactly like a missing one.
    const hidden = await troll.api.request('GET', `/v1/users/${owner.id}/library/books`);
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get('content-type')).toContain('application/problem+json');
    expect((await friend.api.request('GET', `/v1/users/${owner.id}/library/books`)).status).toBe(200);
    // They cannot follow again (404, as if the reader did not exist) and so never reappear as a follower.
    expect((await troll.api.request('POST', `/v1/users/${owner.id}/follow`)).status).toBe(404);
    expect((await owner.api.get<Page<{ userId: string }>>('/v1/me/followers')).items.map((f) => f.userId)).toEqual([friend.id]);
    // The blocker must unblock before following the blocked reader.
    expect((await owner.api.request('POST', `/v1/users/${troll.id}/follow`)).status).toBe(409);
    expect((await owner.api.get<Page<{ userId: string }>>('/v1/me/blocks')).items.map((b) => b.userId)).toEqual([troll.id]);

    expect((await owner.api.request('DELETE', `/v1/users/${troll.id}/block`)).status).toBe(204);
    expect((await owner.api.get<Page<unknown>>('/v1/me/blocks')).items).toEqual([]);
    expect((await troll.api.request('GET', `/v1/users/${owner.id}/library/books`)).status).toBe(200);
    expect((await troll.api.request('POST', `/v1/users/${owner.id}/follow`)).status).toBe(201);
  });

  it('drops pending requests both ways', async () => {
    const [owner, asker] = [await reader(sys, 'bo2'), await reader(sys, 'ba2')];
    await owner.api.json('PUT', '/v1/library/me/settings', { approveFollowers: true }, 200);
    expect((await asker.api.request('POST', `/v1/users/${owner.id}/follow`)).status).toBe(202);
    await owner.api.json('POST', `/v1/users/${asker.id}/block`, undefined, 201);
    expect((await owner.api.get<Page<unknown>>('/v1/me/follow-requests')).items).toEqual([]);
    expect((await asker.api.get<Page<unknown>>('/v1/me/following')).items).toEqual([]);
    // Switching approval off does not let a blocked reader in.
    await owner.api.json('PUT', '/v1/library/me/settings', { approveFollowers: false }, 200);
    expect((await owner.api.get<Page<unknown>>('/v1/me/followers')).items).toEqual([]);
  });

  it('refuses blocking oneself and unknown ids', async () => {
    const a = await reader(sys, 'bself');
    expect((await a.api.request('POST', `/v1/users/${a.id}/block`)).status).toBe(422);
    expect((await a.api.request('POST', '/v1/users/bob/block')).status).toBe(404);
    expect((await a.api.request('DELETE', '/v1/users/bob/block')).status).toBe(404);
  });
});
