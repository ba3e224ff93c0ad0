import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startSystem, type System } from '@bookshelf/testkit';
import { findBook } from './helpers';

/**
 * A stateful model test of a reader's library through the gateway: random sequences of add,
 * update, remove, follow/unfollow and privacy changes, checked after every step against a tiny
 * model of what the owner and a second reader must see.
 */

type Visibility = 'public' | 'followers' | 'private';
type Status = 'want_to_read' | 'reading' | 'read' | 'did_not_finish' | 'paused';
interface ModelEntry {
  status: Status | null;
  rating: number | null;
  visibility: Visibility | null;
}
interface Model {
  entries: Map<number, ModelEntry>;
  visibility: Visibility;
  following: boolean;
}
interface Real {
  owner: { api: ApiClient; id: string };
  viewer: { api: ApiClient; id: string };
  /** Catalogue book index → the owner's entry id. */
  ids: Map<number, string>;
}
interface Entry {
  id: string;
  bookId: string;
  status: Status | null;
  rating: number | null;
  visibility?: Visibility | null;
}

const RANK: Record<Visibility, number> = { private: 0, followers: 1, public: 2 };
let sys: System;
let books: string[] = [];
let people = 0;

async function reader(name: string) {
  const api = new ApiClient(sys.gatewayUrl, await sys.idp.token(`${name}-${++people}-${Date.now()}`));
  return { api, id: (await api.get<{ id: string }>('/v1/me')).id };
}

/** What the viewer may see of the owner's library: null = 404, else the visible entries. */
function viewerSees(m: Model): number[] | null {
  const level = m.following ? RANK.followers : RANK.public;
  if (RANK[m.visibility] < level) return null;
  return [...m.entries]
    .filter(([, e]) => Math.min(RANK[m.visibility], RANK[e.visibility ?? m.visibility]) >= level)
    .map(([i]) => i)
    .sort((x, y) => x - y);
}

async function checkAgainstModel(m: Model, r: Real): Promise<void> {
  const own = await r.owner.api.get<{ items: Entry[]; nextCursor: string | null }>('/v1/library/me/books?limit=100');
  expect(own.nextCursor).toBeNull();
  const got = own.items
    .map((e) => ({ book: books.indexOf(e.bookId), status: e.status, rating: e.rating, visibility: e.visibility ?? null }))
    .sort((x, y) => x.book - y.book);
  const want = [...m.entries].map(([book, e]) => ({ book, ...e })).sort((x, y) => x.book - y.book);
  expect(got).toEqual(want);
  for (const e of own.items) expect(e.id).toBe(r.ids.get(books.indexOf(e.bookId)));

  const res = await r.viewer.api.request('GET', `/v1/users/${r.owner.id}/library/books?limit=100`);
  const expected = viewerSees(m);
  const body = (await res.json()) as { items?: Entry[] };
  if (expected === null) {
    expect(res.status, JSON.stringify(body)).toBe(404);
  } else {
    expect(res.status, JSON.stringify(body)).toBe(200);
    const seen = (body.items ?? []).map((e) => books.indexOf(e.bookId)).sort((x, y) => x - y);
    expect(seen).toEqual(expected);
    for (const e of body.items ?? []) {
      const me = m.entries.get(books.indexOf(e.bookId))!;
      expect({ status: e.status, rating: e.rating }).toEqual({ status: me.status, rating: me.rating });
    }
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

class Add implements Cmd {
  constructor(readonly book: number, readonly status: Status | null, readonly visibility: Visibility | null) {}
  check = (m: Readonly<Model>) => !m.entries.has(this.book);
  async run(m: Model, r: Real) {
    const body: Record<string, unknown> = { bookId: books[this.book] };
    if (this.status) body.status = this.status;
    if (this.visibility) body.visibility = this.visibility;
    const e = await r.owner.api.json<Entry>('POST', '/v1/library/me/books', body, 201);
    r.ids.set(this.book, e.id);
    m.entries.set(this.book, { status: this.status, rating: null, visibility: this.visibility });
    await checkAgainstModel(m, r);
  }
  toString = () => `add(${this.book}, ${this.status}, ${this.visibility})`;
}

class AddAgain implements Cmd {
  constructor(readonly book: number) {}
  check = (m: Readonly<Model>) => m.entries.has(this.book);
  async run(m: Model, r: Real) {
    const e = await r.owner.api.json<Entry>('POST', '/v1/library/me/books', { bookId: books[this.book] }, 200);
    expect(e.id).toBe(r.ids.get(this.book));
    await checkAgainstModel(m, r);
  }
  toString = () => `addAgain(${this.book})`;
}

class Update implements Cmd {
  constructor(readonly book: number, readonly patch: Partial<ModelEntry>) {}
  check = (m: Readonly<Model>) => m.entries.has(this.book);
  async run(m: Model, r: Real) {
    await r.owner.api.json('PATCH', `/v1/library/me/books/${r.ids.get(this.book)}`, this.patch, 200);
    m.entries.set(this.book, { ...m.entries.get(this.book)!, ...this.patch });
    await checkAgainstModel(m, r);
  }
  toString = () => `update(${this.book}, ${JSON.stringify(this.patch)})`;
}

class Remove implements Cmd {
  constructor(readonly book: number) {}
  check = (m: Readonly<Model>) => m.entries.has(this.book);
  async run(m: Model, r: Real) {
    const id = r.ids.get(this.book);
    expect((await r.owner.api.request('DELETE', `/v1/library/me/books/${id}`)).status).toBe(204);
    expect((await r.owner.api.request('GET', `/v1/library/me/books/${id}`)).status).toBe(404);
    m.entries.delete(this.book);
    r.ids.delete(this.book);
    await checkAgainstModel(m, r);
  }
  toString = () => `remove(${this.book})`;
}

class Follow implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    const res = await r.viewer.api.request('POST', `/v1/users/${r.owner.id}/follow`);
    expect(res.status).toBe(m.following ? 200 : 201);
    m.following = true;
    await checkAgainstModel(m, r);
  }
  toString = () => 'follow';
}

class Unfollow implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    expect((await r.viewer.api.request('DELETE', `/v1/users/${r.owner.id}/follow`)).status).toBe(204);
    m.following = false;
    await checkAgainstModel(m, r);
  }
  toString = () => 'unfollow';
}

class SetVisibility implements Cmd {
  constructor(readonly visibility: Visibility) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await r.owner.api.json('PUT', '/v1/library/me/settings', { visibility: this.visibility, approveFollowers: false }, 200);
    m.visibility = this.visibility;
    await checkAgainstModel(m, r);
  }
  toString = () => `visibility(${this.visibility})`;
}

const BOOKS = ['dune', '1984', 'the hobbit', 'pride and prejudice', 'animal farm'];
const book = fc.integer({ min: 0, max: BOOKS.length - 1 });
const status = fc.constantFrom<Status | null>(null, 'want_to_read', 'reading', 'read', 'did_not_finish', 'paused');
const visibility = fc.constantFrom<Visibility>('public', 'followers', 'private');
const rating = fc.option(fc.integer({ min: 1, max: 10 }).map((n) => n / 2), { nil: null });

const commands = [
  fc.tuple(book, status, fc.option(visibility, { nil: null })).map(([b, s, v]) => new Add(b, s, v)),
  book.map((b) => new AddAgain(b)),
  fc.tuple(book, status, rating).map(([b, s, rt]) => new Update(b, { status: s, rating: rt })),
  fc.tuple(book, fc.option(visibility, { nil: null })).map(([b, v]) => new Update(b, { visibility: v })),
  book.map((b) => new Remove(b)),
  fc.constant(new Follow()),
  fc.constant(new Unfollow()),
  visibility.map((v) => new SetVisibility(v)),
];

beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  const probe = await reader('model-probe');
  books = [];
  for (const q of BOOKS) books.push((await findBook(probe.api, q)).id);
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

describe('library, follows and privacy against a model', () => {
  it('matches the model after every step, for the owner and for another reader', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        const [owner, viewer] = [await reader('model-owner'), await reader('model-viewer')];
        // Fresh readers start with the defaults: a public library, nobody following.
        const settings = await owner.api.get<{ visibility: Visibility }>('/v1/library/me/settings');
        const setup = () => ({
          model: { entries: new Map<number, ModelEntry>(), visibility: settings.visibility, following: false },
          real: { owner, viewer, ids: new Map<number, string>() },
        });
        await fc.asyncModelRun(setup, cmds);
      }),
      { numRuns: 30, seed: Number(process.env.MODEL_SEED ?? 20_261_122), endOnFailure: true },
    );
  }, 180_000);
});
