import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, type ApiRoute, type ScanDetail } from '@bookshelf/contracts';
import { ApiClient, eventually, startSystem, type System } from '@bookshelf/testkit';
import { HEADER_24, goodreadsLine } from '../../library/src/domain/goodreads/goodreads-fixtures';
import { startWorker, type RunningScanWorker } from '../../scan/src/worker-server';
import { shelfPhoto } from '../../scan/test/support/images';

/**
 * Broken object-level authorisation, across every service: reader A owns one of everything;
 * reader B calls every route of the catalogue that takes an id with A's ids, and must get
 * "not found" (exactly what a made-up id gets), see none of A's data in any answer, and change
 * nothing of A's. Owner fields sent in bodies never move data into someone else's account.
 */

interface Reader {
  api: ApiClient;
  id: string;
}
interface Entry {
  id: string;
  bookId: string;
  review: string | null;
  privateNotes: string | null;
  shelves: string[];
  location: { shelf: string | null } | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Strings only A ever wrote; none may appear in anything B receives. */
const SECRET = {
  review: 'zqxreview Alpha loved the ending',
  notes: 'zqxnotes under the stairs',
  shelf: 'zqxshelf-private',
  loan: 'zqxloan Bob',
  importReview: 'zqximport review text',
  importShelf: 'zqximported',
  scanShelf: 'ZqxHallway',
  pref: 'zqxpref-value',
  listTitle: 'Zqxlist private picks',
  listNote: 'zqxlistnote only for me',
};
const ON_THE_SHELF = [
  { title: 'The Hunger Games', author: 'Suzanne Collins' },
  { title: 'Pride and Prejudice', author: 'Jane Austen' },
  { title: 'The Great Gatsby', author: 'F. Scott Fitzgerald' },
];
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const madeUpId = (prefix: string) => `${prefix}_${Array.from({ length: 26 }, (_, i) => CROCKFORD[(i * 7 + 3) % 32]).join('').replace(/^./, '0')}`;

let sys: System;
let blobDir: string;
let worker: RunningScanWorker;
let a: Reader;
let b: Reader;
let c: Reader;
/** A's objects. */
const A = {
  entries: [] as Entry[],
  scanId: '',
  detectionIds: [] as string[],
  importId: '',
  requestId: '',
  bookIds: [] as string[],
  listId: '',
  listItemId: '',
  listSlug: '',
};
/** Routes still being added land in the catalogue before their objects exist here: set up only what the catalogue has. */
const has = (method: string, path: string) => API_ROUTES.some((r) => r.method === method && r.path === path);

async function reader(name: string): Promise<Reader> {
  const api = new ApiClient(sys.gatewayUrl, await sys.idp.token(`${name}-${Date.now()}`));
  const me = await api.get<{ id: string }>('/v1/me');
  return { api, id: me.id };
}

async function bookId(api: ApiClient, q: string): Promise<string> {
  const page = await api.get<Page<{ id: string }>>(`/v1/books/search?q=${encodeURIComponent(q)}&limit=1`);
  const id = page.items[0]?.id;
  if (!id) throw new Error(`no book for ${q}`);
  return id;
}

/** A's ids that nobody else has any business seeing. */
function secretIds(): string[] {
  return [...A.entries.map((e) => e.id), A.scanId, ...A.detectionIds, A.importId, A.requestId, A.listId, A.listItemId, A.listSlug].filter(Boolean);
}

/** `instance` of a problem only echoes the path B itself sent; everything else must be clean. */
function withoutEcho(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && 'instance' in parsed) return JSON.stringify({ ...parsed, instance: undefined });
  } catch {
    // not JSON (CSV export, SSE): checked as is
  }
  return body;
}

function expectNoLeak(label: string, raw: string) {
  const body = withoutEcho(raw);
  for (const s of [...Object.values(SECRET), ...secretIds()]) {
    expect(body.toLowerCase().includes(s.toLowerCase()), `${label} leaks "${s}": ${body.slice(0, 400)}`).toBe(false);
  }
}

async function call(api: ApiClient, method: string, path: string, body?: unknown): Promise<{ status: number; type: string; text: string }> {
  const headers: Record<string, string> = {};
  let payload: string | undefined;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  if (api.token) headers.authorization = `Bearer ${api.token}`;
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

beforeAll(async () => {
  blobDir = await mkdtemp(join(tmpdir(), 'bola-blobs-'));
  sys = await startSystem({ services: ['users', 'library', 'scan', 'recommender'], env: { SCAN_BLOB_DIR: blobDir, RECS_TRAIN_CRON: 'off' } });
  worker = await startWorker({ ...sys.env, SCAN_INFERENCE_THREADS: '2', SCAN_INFERENCE_CONCURRENCY: '1' });
  [a, b, c] = [await reader('bola-a'), await reader('bola-b'), await reader('bola-c')];

  // A: a private library that needs approval, with entries full of private text.
  await a.api.json('PUT', '/v1/library/me/settings', { visibility: 'private', approveFollowers: true }, 200);
  await a.api.json('PATCH', '/v1/me/preferences', { author_blocklist: [SECRET.pref] }, 200);
  for (const q of ['dune', '1984']) A.bookIds.push(await bookId(a.api, q));
  A.entries.push(
    await a.api.json<Entry>(
      'POST',
      '/v1/library/me/books',
      { bookId: A.bookIds[0], status: 'read', rating: 5, review: SECRET.review, privateNotes: SECRET.notes, shelves: [SECRET.shelf], loan: { to: SECRET.loan } },
      201,
    ),
  );
  A.entries.push(await a.api.json<Entry>('POST', '/v1/library/me/books', { bookId: A.bookIds[1], shelves: [SECRET.shelf] }, 201));

  // A follow request to A (from C), which only A may decide.
  expect((await c.api.request('POST', `/v1/users/${a.id}/follow`)).status).toBe(202);
  const requests = await a.api.get<Page<{ id: string; userId: string }>>('/v1/me/follow-requests');
  A.requestId = requests.items.find((r) => r.userId === c.id)!.id;

  // A Goodreads import.
  const csv = [
    HEADER_24,
    goodreadsLine({ Title: 'The Hobbit', Author: 'J.R.R. Tolkien', 'My Rating': '4', 'Exclusive Shelf': 'read', Bookshelves: SECRET.importShelf, 'My Review': SECRET.importReview }),
  ].join('\n');
  const imp = await a.api.request('POST', '/v1/library/me/imports', csv, { 'content-type': 'text/csv' });
  expect(imp.status).toBe(202);
  A.importId = ((await imp.json()) as { id: string }).id;
  await eventually(async () => {
    const d = await a.api.get<{ status: string }>(`/v1/library/me/imports/${A.importId}`);
    return d.status === 'completed' ? d : undefined;
  }, 60_000, 200);

  // A scan of a photographed shelf, processed and partly confirmed.
  const shelf = await shelfPhoto(ON_THE_SHELF, { width: 700, height: 500, seed: 3 });
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(shelf.image)], { type: 'image/jpeg' }), 'shelf.jpg');
  const up = await a.api.request('POST', '/v1/scans', form);
  expect(up.status).toBe(202);
  A.scanId = ((await up.json()) as { id: string }).id;
  const scan = await eventually(async () => {
    const s = await a.api.get<ScanDetail>(`/v1/scans/${A.scanId}`);
    return s.status === 'done' || s.status === 'failed' ? s : undefined;
  }, 120_000, 250);
  expect(scan.status).toBe('done');
  A.detectionIds = scan.detections.map((d) => d.id);
  const chosen = scan.detections.find((d) => d.suggestedBookId);
  if (chosen) {
    await a.api.json('POST', `/v1/scans/${A.scanId}/confirm`, { selections: [{ detectionId: chosen.id, bookId: chosen.suggestedBookId }], shelfLabel: SECRET.scanShelf }, 202);
  }

  // A private book list with an item (where the catalogue has lists).
  if (has('POST', '/v1/me/lists')) {
    const list = await a.api.json<{ id: string; slug?: string }>('POST', '/v1/me/lists', { title: SECRET.listTitle, visibility: 'private' }, 201);
    A.listId = list.id;
    A.listSlug = list.slug ?? '';
    const item = await a.api.json<{ id: string }>('POST', `/v1/me/lists/${list.id}/items`, { bookId: A.bookIds[0], note: SECRET.listNote });
    A.listItemId = item.id;
  }

  // Recommendation feedback.
  await a.api.json('POST', `/v1/me/recommendations/${A.bookIds[0]}/feedback`, { type: 'like' }, 200);
  await sys.flushOutboxes();
}, 240_000);

afterAll(async () => {
  await worker?.close();
  await sys?.close();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

/** What A's account looks like to A; nothing B does may change it. */
async function snapshotOfA() {
  const lib = await a.api.get<Page<Entry>>('/v1/library/me/books?limit=100');
  const followers = await a.api.get<Page<{ userId: string }>>('/v1/me/followers');
  const requests = await a.api.get<Page<{ id: string }>>('/v1/me/follow-requests');
  const scan = await a.api.get<ScanDetail>(`/v1/scans/${A.scanId}`);
  const imp = await a.api.get<{ id: string; status: string }>(`/v1/library/me/imports/${A.importId}`);
  const settings = await a.api.get<unknown>('/v1/library/me/settings');
  const list = A.listId ? await a.api.get<unknown>(`/v1/me/lists/${A.listId}`) : null;
  return {
    list,
    lib: lib.items.map((e) => ({ id: e.id, bookId: e.bookId, review: e.review, notes: e.privateNotes, shelves: e.shelves })).sort((x, y) => x.id.localeCompare(y.id)),
    followers: followers.items.map((f) => f.userId),
    requests: requests.items.map((r) => r.id),
    scan: { status: scan.status, confirmedAt: scan.confirmedAt, detections: scan.detections.length },
    imp: imp.status,
    settings,
  };
}

type Expectation = { kind: 'not-found' } | { kind: 'own'; status: number[] } | { kind: 'public' };
const listIds = () => ({ listId: A.listId, itemId: A.listItemId });

/**
 * How each id-taking route must treat another reader's id. A route missing here fails the
 * test: every new route that takes an id has to be classified (and so thought about).
 */
const ID_ROUTES: Record<string, { ids: () => Record<string, string>; body?: () => unknown; expect: Expectation; why?: string }> = {
  'GET /v1/books/:bookId': { ids: () => ({ bookId: A.bookIds[0]! }), expect: { kind: 'public' }, why: 'catalogue books are public' },
  'GET /v1/library/me/books/:userBookId': { ids: () => ({ userBookId: A.entries[0]!.id }), expect: { kind: 'not-found' } },
  'PATCH /v1/library/me/books/:userBookId': { ids: () => ({ userBookId: A.entries[0]!.id }), body: () => ({ review: 'B was here', rating: 1 }), expect: { kind: 'not-found' } },
  'DELETE /v1/library/me/books/:userBookId': { ids: () => ({ userBookId: A.entries[1]!.id }), expect: { kind: 'not-found' } },
  'GET /v1/users/:userId/library/books': { ids: () => ({ userId: a.id }), expect: { kind: 'not-found' }, why: "A's library is private" },
  'POST /v1/users/:userId/follow': { ids: () => ({ userId: a.id }), expect: { kind: 'own', status: [202] }, why: "B's own follow request; A approves followers" },
  'DELETE /v1/users/:userId/follow': { ids: () => ({ userId: a.id }), expect: { kind: 'own', status: [204] }, why: "withdraws B's own request only" },
  'DELETE /v1/me/followers/:userId': { ids: () => ({ userId: c.id }), expect: { kind: 'own', status: [204, 404] }, why: "B's followers, not A's" },
  'POST /v1/me/follow-requests/:requestId/approve': { ids: () => ({ requestId: A.requestId }), expect: { kind: 'not-found' } },
  'POST /v1/me/follow-requests/:requestId/reject': { ids: () => ({ requestId: A.requestId }), expect: { kind: 'not-found' } },
  'GET /v1/library/me/imports/:importId': { ids: () => ({ importId: A.importId }), expect: { kind: 'not-found' } },
  'GET /v1/scans/:scanId': { ids: () => ({ scanId: A.scanId }), expect: { kind: 'not-found' } },
  'GET /v1/scans/:scanId/events': { ids: () => ({ scanId: A.scanId }), expect: { kind: 'not-found' } },
  'POST /v1/scans/:scanId/confirm': {
    ids: () => ({ scanId: A.scanId }),
    body: () => ({ selections: [{ detectionId: A.detectionIds[0] ?? madeUpId('det'), bookId: A.bookIds[1] }], shelfLabel: 'B shelf' }),
    expect: { kind: 'not-found' },
  },
  // Blocks, lists (being added to the library): B's own actions, or A's private list.
  'POST /v1/users/:userId/block': { ids: () => ({ userId: a.id }), expect: { kind: 'own', status: [200, 201] }, why: 'B blocking A is B\'s own choice' },
  'DELETE /v1/users/:userId/block': { ids: () => ({ userId: a.id }), expect: { kind: 'own', status: [204] } },
  'GET /v1/me/lists/:listId': { ids: listIds, expect: { kind: 'not-found' } },
  'PATCH /v1/me/lists/:listId': { ids: listIds, body: () => ({ title: 'B was here' }), expect: { kind: 'not-found' } },
  'DELETE /v1/me/lists/:listId': { ids: listIds, expect: { kind: 'not-found' } },
  'POST /v1/me/lists/:listId/items': { ids: listIds, body: () => ({ bookId: A.bookIds[1] }), expect: { kind: 'not-found' } },
  'PATCH /v1/me/lists/:listId/items/:itemId': { ids: listIds, body: () => ({ note: 'B was here' }), expect: { kind: 'not-found' } },
  'DELETE /v1/me/lists/:listId/items/:itemId': { ids: listIds, expect: { kind: 'not-found' } },
  'GET /v1/users/:userId/lists': { ids: () => ({ userId: a.id }), expect: { kind: 'own', status: [200, 404] }, why: "A's lists as visibility allows: the private one never shows" },
  'GET /v1/users/:userId/lists/:listId': { ids: () => ({ userId: a.id, listId: A.listId }), expect: { kind: 'not-found' }, why: 'a private list' },
  'GET /v1/public/lists/:slug': { ids: () => ({ slug: A.listSlug || 'zqx-no-slug' }), expect: { kind: 'not-found' }, why: 'a private list has no public page' },
  'POST /v1/me/recommendations/:bookId/feedback': { ids: () => ({ bookId: A.bookIds[0]! }), body: () => ({ type: 'dismiss' }), expect: { kind: 'own', status: [200] }, why: "B's own feedback on a public book" },
};

const key = (r: ApiRoute) => `${r.method} ${r.path}`;
const fill = (path: string, ids: Record<string, string>) => path.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? `missing-${name}`);
const PREFIX_OF: Record<string, string> = { userBookId: 'ub', scanId: 'scn', importId: 'imp', requestId: 'req', userId: 'usr', bookId: 'bk', listId: 'lst', itemId: 'lsi' };
const madeUp = (name: string) => (name === 'slug' ? 'zqx-no-such-list' : madeUpId(PREFIX_OF[name] ?? 'x'));

describe("another reader's ids (BOLA)", () => {
  it('every route that takes an id is classified', () => {
    const unclassified = API_ROUTES.filter((r) => r.path.includes(':') && !ID_ROUTES[key(r)]).map(key);
    expect(unclassified, 'add these routes to ID_ROUTES').toEqual([]);
  });

  it("answers 404 to B for A's objects — exactly as for ids that do not exist — and never shows or changes A's data", async () => {
    const before = await snapshotOfA();
    expect(before.lib.length).toBeGreaterThanOrEqual(3);
    expect(before.requests).toEqual([A.requestId]);

    for (const route of API_ROUTES.filter((r) => r.path.includes(':'))) {
      const spec = ID_ROUTES[key(route)]!;
      const ids = spec.ids();
      const path = fill(route.path, ids);
      const res = await call(b.api, route.method, path, spec.body?.());
      const label = `${route.method} ${route.path} as B with A's ids`;
      expectNoLeak(label, res.text);
      expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
      if (spec.expect.kind === 'not-found') {
        expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBe(404);
        expect(res.type, label).toContain('application/problem+json');
        // Indistinguishable from an id that exists nowhere.
        const made = Object.fromEntries(Object.keys(ids).map((k) => [k, k === 'userId' && Object.keys(ids).length > 1 ? ids[k]! : madeUp(k)]));
        const ghost = await call(b.api, route.method, fill(route.path, made), spec.body?.());
        expect(ghost.status, `${route.method} ${route.path} with a made-up id`).toBe(res.status);
        const strip = (t: string) => {
          const p = JSON.parse(t) as Record<string, unknown>;
          return { type: p.type, title: p.title, status: p.status, code: p.code };
        };
        expect(strip(res.text), label).toEqual(strip(ghost.text));
      } else if (spec.expect.kind === 'own') {
        expect(spec.expect.status, `${label}: ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
      } else {
        expect(res.status, label).toBe(200);
      }
    }

    // Undoing "my" scan or import by A's ids removes nothing of A's.
    if (has('DELETE', '/v1/library/me/books')) {
      for (const q of [`source=import&sourceId=${A.importId}`, `source=scan&sourceId=${A.scanId}`]) {
        const res = await call(b.api, 'DELETE', `/v1/library/me/books?${q}`);
        expect(res.status, res.text).toBeLessThan(500);
        expectNoLeak(`DELETE /v1/library/me/books?${q}`, res.text);
      }
    }

    // C's request to A is still A's to decide; A's library, scan, import, settings are untouched.
    await sys.flushOutboxes();
    expect(await snapshotOfA()).toEqual(before);
  });

  it("shows none of A's data in anything B lists, searches or exports", async () => {
    // B asks to follow A (pending: A approves followers), so A's id is now known to B.
    await b.api.request('POST', `/v1/users/${a.id}/follow`);
    const listing = API_ROUTES.filter((r) => r.method === 'GET' && !r.path.includes(':') && !r.path.endsWith('/events'));
    expect(listing.length).toBeGreaterThanOrEqual(10);
    const extra = [
      '/v1/library/me/export?format=json',
      '/v1/library/me/export?format=goodreads-csv',
      `/v1/books/search?q=${encodeURIComponent(SECRET.review)}`,
      `/v1/books/search?q=${encodeURIComponent(SECRET.shelf)}`,
      `/v1/users/${a.id}/library/books?shelf=${encodeURIComponent(SECRET.shelf)}`,
      '/v1/me/recommendations?limit=50',
    ];
    for (const path of [...listing.map((r) => (r.path === '/v1/books/search' ? '/v1/books/search?q=dune' : r.path)), ...extra]) {
      const res = await call(b.api, 'GET', path);
      expect(res.status, `GET ${path}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
      expectNoLeak(`GET ${path} as B`, res.text);
    }
    // Even as an approved follower of a followers-only library, private notes, loans and
    // home-shelf positions stay A's.
    await a.api.json('PUT', '/v1/library/me/settings', { visibility: 'followers', approveFollowers: false }, 200);
    expect([200, 201]).toContain((await b.api.request('POST', `/v1/users/${a.id}/follow`)).status);
    const seen = await b.api.get<Page<Record<string, unknown>>>(`/v1/users/${a.id}/library/books?limit=100`);
    expect(seen.items.length).toBeGreaterThan(0);
    const text = JSON.stringify(seen);
    for (const s of [SECRET.notes, SECRET.loan, SECRET.scanShelf]) expect(text).not.toContain(s);
    for (const item of seen.items) for (const f of ['privateNotes', 'loan', 'location', 'visibility', 'source']) expect(item, f).not.toHaveProperty(f);
    await a.api.json('PUT', '/v1/library/me/settings', { visibility: 'private', approveFollowers: true }, 200);
    await a.api.request('DELETE', `/v1/me/followers/${b.id}`);
  });
});

describe('owner fields in bodies (mass assignment)', () => {
  it("never moves data into A's account, whatever userId/ownerId/id B sends", async () => {
    const before = await snapshotOfA();
    const hobbit = await bookId(b.api, 'the hobbit');

    // Adding with owner fields: rejected as unknown fields (strict schemas) or ignored — never A's.
    const add = await call(b.api, 'POST', '/v1/library/me/books', { bookId: hobbit, userId: a.id, ownerId: a.id, id: A.entries[0]!.id });
    expect([201, 422], add.text).toContain(add.status);
    const batch = await call(b.api, 'POST', '/v1/library/me/books/batch', { items: [{ bookId: hobbit, userId: a.id }], userId: a.id });
    expect(batch.status, batch.text).toBeLessThan(500);
    const mine = await b.api.json<Entry>('POST', '/v1/library/me/books', { bookId: hobbit, review: 'mine' });
    expect(mine.id).not.toBe(A.entries[0]!.id);
    const bLib = await b.api.get<Page<Entry>>('/v1/library/me/books?limit=100');
    expect(bLib.items.filter((e) => e.bookId === hobbit)).toHaveLength(1);

    // Patching my own entry with an owner field or another id.
    const patch = await call(b.api, 'PATCH', `/v1/library/me/books/${mine.id}`, { review: 'still mine', userId: a.id, id: A.entries[0]!.id });
    expect([200, 422], patch.text).toContain(patch.status);
    expect((await b.api.get<Entry>(`/v1/library/me/books/${mine.id}`)).id).toBe(mine.id);

    // Settings, preferences, feedback, follow with owner fields.
    const settings = await call(b.api, 'PUT', '/v1/library/me/settings', { visibility: 'public', userId: a.id });
    expect([200, 422], settings.text).toContain(settings.status);
    const prefs = await call(b.api, 'PATCH', '/v1/me/preferences', { userId: a.id, id: a.id });
    expect(prefs.status, prefs.text).toBeLessThan(500);
    expect((await b.api.get<{ id: string }>('/v1/me')).id).toBe(b.id);
    const fb = await call(b.api, 'POST', `/v1/me/recommendations/${A.bookIds[0]}/feedback`, { type: 'dismiss', userId: a.id });
    expect([200, 422], fb.text).toContain(fb.status);
    const follow = await call(b.api, 'POST', `/v1/users/${c.id}/follow`, { followerId: a.id, userId: a.id });
    expect(follow.status, follow.text).toBeLessThan(500);
    const cFollowers = await c.api.get<Page<{ userId: string }>>('/v1/me/followers');
    expect(cFollowers.items.map((f) => f.userId)).not.toContain(a.id);

    // A scan uploaded with an owner field in the form is B's.
    const shelf = await shelfPhoto(ON_THE_SHELF.slice(0, 1), { width: 300, height: 300, seed: 5 });
    const form = new FormData();
    form.append('userId', a.id);
    form.append('image', new Blob([new Uint8Array(shelf.image)], { type: 'image/jpeg' }), 'shelf.jpg');
    form.append('ownerId', a.id);
    const up = await b.api.request('POST', '/v1/scans', form);
    expect([202, 400, 422]).toContain(up.status);
    if (up.status === 202) {
      const { id } = (await up.json()) as { id: string };
      expect((await b.api.request('GET', `/v1/scans/${id}`)).status).toBe(200);
      expect((await a.api.request('GET', `/v1/scans/${id}`)).status).toBe(404);
    }
    const aScans = await a.api.get<Page<{ id: string }>>('/v1/scans');
    expect(aScans.items.map((s) => s.id)).toEqual([A.scanId]);

    await sys.flushOutboxes();
    expect(await snapshotOfA()).toEqual(before);
  });
});
