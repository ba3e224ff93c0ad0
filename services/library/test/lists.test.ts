import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader, type Reader } from './helpers';

interface Item {
  id: string;
  bookId: string;
  note: string | null;
  position: number;
  book: { title: string };
}
interface List {
  id: string;
  userId: string;
  title: string;
  description: string | null;
  visibility: string;
  slug: string;
  itemCount: number;
  items: Item[];
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let sys: System;
let db: pg.Pool;
let books: string[];
beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  db = new pg.Pool({ connectionString: sys.env.DATABASE_URL });
  const r = await reader(sys, 'lists-setup');
  books = [];
  for (const q of ['dune', 'the hobbit', 'gatsby', 'wuthering heights', 'pride and prejudice']) books.push((await findBook(r.api, q)).id);
});
afterAll(async () => {
  await db.end();
  await sys.close();
});

async function newList(r: Reader, title: string, visibility = 'private', n = 0): Promise<List> {
  const list = await r.api.json<List>('POST', '/v1/me/lists', { title, description: 'For long nights', visibility }, 201);
  for (const bookId of books.slice(0, n)) await r.api.json('POST', `/v1/me/lists/${list.id}/items`, { bookId, note: `note ${bookId.slice(-4)}` }, 201);
  return r.api.get<List>(`/v1/me/lists/${list.id}`);
}

const order = (l: List) => l.items.map((i) => i.bookId);

describe('curated lists', () => {
  it('creates a list, adds items with notes in order, edits and deletes', async () => {
    const r = await reader(sys, 'curator');
    const created = await r.api.json<List>('POST', '/v1/me/lists', { title: 'Cosy winter mysteries', visibility: 'public' }, 201);
    expect(created).toMatchObject({ title: 'Cosy winter mysteries', visibility: 'public', itemCount: 0, items: [], description: null, userId: r.id });
    expect(created.slug).toMatch(/^cosy-winter-mysteries-[a-z0-9]{8}$/);
    const first = await r.api.json<Item>('POST', `/v1/me/lists/${created.id}/items`, { bookId: books[0], note: 'Start here' }, 201);
    expect(first).toMatchObject({ bookId: books[0], note: 'Start here', position: 0 });
    await r.api.json('POST', `/v1/me/lists/${created.id}/items`, { bookId: books[1] }, 201);
    // Inserted at the front.
    const front = await r.api.json<Item>('POST', `/v1/me/lists/${created.id}/items`, { bookId: books[2], position: 0 }, 201);
    expect(front.position).toBe(0);
    expect((await r.api.request('POST', `/v1/me/lists/${created.id}/items`, { bookId: books[0] })).status).toBe(409);
    expect((await r.api.request('POST', `/v1/me/lists/${created.id}/items`, { bookId: 'bk_01ARZ3NDEKTSV4RRFFQ69G5FAV' })).status).toBe(422);

    let list = await r.api.get<List>(`/v1/me/lists/${created.id}`);
    expect(order(list)).toEqual([books[2], books[0], books[1]]);
    expect(list.items.map((i) => i.position)).toEqual([0, 1, 2]);
    expect(list.itemCount).toBe(3);

    // The title changes, the slug does not.
    list = await r.api.json<List>('PATCH', `/v1/me/lists/${created.id}`, { title: 'Snowed-in whodunnits', description: 'Tea required' }, 200);
    expect(list).toMatchObject({ title: 'Snowed-in whodunnits', description: 'Tea required', slug: created.slug });
    const note = await r.api.json<Item>('PATCH', `/v1/me/lists/${created.id}/items/${first.id}`, { note: null }, 200);
    expect(note).toMatchObject({ note: null, position: 1 });
    expect((await r.api.request('DELETE', `/v1/me/lists/${created.id}/items/${first.id}`)).status).toBe(204);
    expect(order(await r.api.get<List>(`/v1/me/lists/${created.id}`))).toEqual([books[2], books[1]]);
    expect((await r.api.get<Page<{ id: string }>>('/v1/me/lists')).items.map((l) => l.id)).toEqual([created.id]);
    expect((await r.api.request('DELETE', `/v1/me/lists/${created.id}`)).status).toBe(204);
    expect((await r.api.request('GET', `/v1/me/lists/${created.id}`)).status).toBe(404);
    expect((await r.api.request('POST', '/v1/me/lists', { title: '   ' })).status).toBe(422);
  });

  it('moves an item to any position by rewriting that item only', async () => {
    const r = await reader(sys, 'mover');
    const list = await newList(r, 'Reorder me', 'private', 5);
    expect(order(list)).toEqual(books);
    const keysBefore = await db.query<{ id: string; position_key: string }>(`SELECT id, position_key FROM library.book_list_items WHERE list_id = $1`, [list.id]);
    const last = list.items[4]!;
    const moved = await r.api.json<Item>('PATCH', `/v1/me/lists/${list.id}/items/${last.id}`, { position: 1 }, 200);
    expect(moved.position).toBe(1);
    const keysAfter = await db.query<{ id: string; position_key: string }>(`SELECT id, position_key FROM library.book_list_items WHERE list_id = $1`, [list.id]);
    const changed = keysAfter.rows.filter((row) => keysBefore.rows.find((b) => b.id === row.id)!.position_key !== row.position_key);
    expect(changed.map((c) => c.id)).toEqual([last.id]);

    const expected = [books[0], books[4], books[1], books[2], books[3]];
    expect(order(await r.api.get<List>(`/v1/me/lists/${list.id}`))).toEqual(expected);
    // To the end (past it means last), to the front, and back and forth between the same neighbours.
    await r.api.json('PATCH', `/v1/me/lists/${list.id}/items/${list.items[0]!.id}`, { position: 99 }, 200);
    expect(order(await r.api.get<List>(`/v1/me/lists/${list.id}`))).toEqual([books[4], books[1], books[2], books[3], books[0]]);
    await r.api.json('PATCH', `/v1/me/lists/${list.id}/items/${list.items[3]!.id}`, { position: 0 }, 200);
    expect(order(await r.api.get<List>(`/v1/me/lists/${list.id}`))).toEqual([books[3], books[4], books[1], books[2], books[0]]);
    for (let i = 0; i < 20; i++) {
      await r.api.json('PATCH', `/v1/me/lists/${list.id}/items/${list.items[i % 2 === 0 ? 1 : 2]!.id}`, { position: 2 }, 200);
    }
    const final = await r.api.get<List>(`/v1/me/lists/${list.id}`);
    expect(final.items.map((i) => i.position)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(order(final)).size).toBe(5);
  });

  it('shares lists as their visibility allows; public ones by slug without a token; blocked readers see 404', async () => {
    const [owner, follower, stranger] = [await reader(sys, 'lo'), await reader(sys, 'lf'), await reader(sys, 'ls')];
    await follower.api.json('POST', `/v1/users/${owner.id}/follow`, undefined, 201);
    const pub = await newList(owner, 'Public picks', 'public', 2);
    const friends = await newList(owner, 'For friends', 'followers', 1);
    const secret = await newList(owner, 'Secret', 'private', 1);

    const titles = async (r: Reader) => (await r.api.get<Page<{ title: string }>>(`/v1/users/${owner.id}/lists`)).items.map((l) => l.title).sort();
    expect(await titles(follower)).toEqual(['For friends', 'Public picks']);
    expect(await titles(stranger)).toEqual(['Public picks']);
    expect(await titles(owner)).toEqual(['For friends', 'Public picks', 'Secret']);
    expect((await stranger.api.request('GET', `/v1/users/${owner.id}/lists/${friends.id}`)).status).toBe(404);
    expect((await follower.api.request('GET', `/v1/users/${owner.id}/lists/${friends.id}`)).status).toBe(200);
    expect((await follower.api.request('GET', `/v1/users/${owner.id}/lists/${secret.id}`)).status).toBe(404);
    // Another reader cannot change someone else's list.
    expect((await follower.api.request('PATCH', `/v1/me/lists/${pub.id}`, { title: 'Mine now' })).status).toBe(404);
    expect((await follower.api.request('POST', `/v1/me/lists/${pub.id}/items`, { bookId: books[4] })).status).toBe(404);

    // No token at all: the public list answers by slug, others are 404 like a missing one.
    const anon = await fetch(`${sys.gatewayUrl}/v1/public/lists/${pub.slug}`);
    expect(anon.status).toBe(200);
    const body = (await anon.json()) as List;
    expect(body).toMatchObject({ id: pub.id, title: 'Public picks', items: [{ bookId: books[0] }, { bookId: books[1] }] });
    for (const slug of [friends.slug, secret.slug, 'no-such-list-00000000', 'BAD slug']) {
      const res = await fetch(`${sys.gatewayUrl}/v1/public/lists/${encodeURIComponent(slug)}`);
      expect(res.status, slug).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // Going private hides it from the public address; going public again restores the same slug.
    await owner.api.json('PATCH', `/v1/me/lists/${pub.id}`, { visibility: 'private' }, 200);
    expect((await fetch(`${sys.gatewayUrl}/v1/public/lists/${pub.slug}`)).status).toBe(404);
    await owner.api.json('PATCH', `/v1/me/lists/${pub.id}`, { visibility: 'public', title: 'Renamed' }, 200);
    expect((await fetch(`${sys.gatewayUrl}/v1/public/lists/${pub.slug}`)).status).toBe(200);

    // Blocked: even public lists are a 404.
    await owner.api.json('POST', `/v1/users/${stranger.id}/block`, undefined, 201);
    expect((await stranger.api.request('GET', `/v1/users/${owner.id}/lists`)).status).toBe(404);
    expect((await stranger.api.request('GET', `/v1/users/${owner.id}/lists/${pub.id}`)).status).toBe(404);
  });
});
