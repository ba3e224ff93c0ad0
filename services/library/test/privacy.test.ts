import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader, type Reader } from './helpers';

let sys: System;
let owner: Reader;
let follower: Reader;
let pending: Reader;
let stranger: Reader;
const books: Record<string, string> = {};

async function setVisibility(visibility: string, approveFollowers = false) {
  await owner.api.json('PUT', '/v1/library/me/settings', { visibility, approveFollowers }, 200);
}

async function view(r: Reader): Promise<{ status: number; titles: string[] }> {
  const res = await r.api.request('GET', `/v1/users/${owner.id}/library/books?sort=title`);
  const body = (await res.json()) as { items?: { book: { title: string }; privateNotes?: unknown; loan?: unknown }[] };
  for (const item of body.items ?? []) {
    expect(item).not.toHaveProperty('privateNotes');
    expect(item).not.toHaveProperty('loan');
  }
  return { status: res.status, titles: (body.items ?? []).map((i) => i.book.title) };
}

beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  [owner, follower, pending, stranger] = [await reader(sys, 'owner'), await reader(sys, 'follower'), await reader(sys, 'pending'), await reader(sys, 'stranger')];
  for (const q of ['dune', 'the hobbit', '1984']) books[q] = (await findBook(owner.api, q)).id;
  await owner.api.json('POST', '/v1/library/me/books', { bookId: books.dune, privateNotes: 'gift from mum', loan: { to: 'Ann' } }, 201);
  await owner.api.json('POST', '/v1/library/me/books', { bookId: books['the hobbit'], visibility: 'followers' }, 201);
  await owner.api.json('POST', '/v1/library/me/books', { bookId: books['1984'], visibility: 'private' }, 201);
  // follower follows while approval is off; pending asks after approval is switched on.
  await setVisibility('public', false);
  expect((await follower.api.request('POST', `/v1/users/${owner.id}/follow`)).status).toBe(201);
  await setVisibility('public', true);
  expect((await pending.api.request('POST', `/v1/users/${owner.id}/follow`)).status).toBe(202);
});
afterAll(async () => {
  await sys.close();
});

describe("someone's library: (owner, follower, pending, stranger) × (public, followers, private)", () => {
  const all = ['1984', 'Dune', 'The Hobbit'];
  const matrix: Record<string, Record<string, string[] | 404>> = {
    public: { owner: all, follower: ['Dune', 'The Hobbit'], pending: ['Dune'], stranger: ['Dune'] },
    followers: { owner: all, follower: ['Dune', 'The Hobbit'], pending: 404, stranger: 404 },
    private: { owner: all, follower: 404, pending: 404, stranger: 404 },
  };
  for (const visibility of ['public', 'followers', 'private']) {
    it(`shows exactly what a ${visibility} library allows`, async () => {
      await setVisibility(visibility, true);
      const viewers = { owner, follower, pending, stranger };
      for (const [name, r] of Object.entries(viewers)) {
        const expected = matrix[visibility]![name]!;
        const got = await view(r);
        if (expected === 404) {
          expect(got.status, `${name} on ${visibility}`).toBe(404);
        } else {
          expect(got.status, `${name} on ${visibility}`).toBe(200);
          expect(got.titles, `${name} on ${visibility}`).toEqual(expected);
        }
      }
    });
  }

  it('makes a hidden library indistinguishable from one that does not exist', async () => {
    await setVisibility('private');
    const hidden = await stranger.api.request('GET', `/v1/users/${owner.id}/library/books`);
    const nobody = await stranger.api.request('GET', '/v1/users/usr_01ARZ3NDEKTSV4RRFFQ69G5FAV/library/books');
    const malformed = await stranger.api.request('GET', '/v1/users/not-a-user/library/books');
    expect([hidden.status, nobody.status, malformed.status]).toEqual([404, 404, 404]);
    const strip = (p: Record<string, unknown>) => ({ ...p, instance: undefined, requestId: undefined });
    expect(strip((await hidden.json()) as Record<string, unknown>)).toEqual(strip((await nobody.json()) as Record<string, unknown>));
  });

  it('never leaks private entries through filters', async () => {
    await setVisibility('public');
    await owner.api.json('PATCH', `/v1/library/me/books/${(await owner.api.get<{ items: { id: string; bookId: string }[] }>('/v1/library/me/books')).items.find((e) => e.bookId === books['1984'])!.id}`, { shelves: ['secret'] }, 200);
    const res = await stranger.api.get<{ items: unknown[]; nextCursor: string | null }>(`/v1/users/${owner.id}/library/books?shelf=secret`);
    expect(res).toEqual({ items: [], nextCursor: null });
  });

  it('lets a per-book override narrow but never widen', async () => {
    await setVisibility('followers');
    const mine = await owner.api.get<{ items: { id: string; bookId: string }[] }>('/v1/library/me/books');
    const dune = mine.items.find((e) => e.bookId === books.dune)!;
    await owner.api.json('PATCH', `/v1/library/me/books/${dune.id}`, { visibility: 'public' }, 200);
    expect((await view(stranger)).status).toBe(404);
    expect((await view(follower)).titles).toEqual(['Dune', 'The Hobbit']);
  });
});
