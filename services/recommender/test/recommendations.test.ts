import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecommendationList, type Recommendation } from '@bookshelf/contracts';
import { createPool } from '@bookshelf/db';
import { ApiClient, eventually, startSystem, type System } from '@bookshelf/testkit';
import type { SampleCatalogue } from './support/catalogue';
import { EventFeed } from './support/event-feed';
import { testId } from './support/ids';
import { addToLibrary } from './support/readers';
import { seedCommunity } from './support/seed';

let sys: System;
let feed: EventFeed;
let db: ReturnType<typeof createPool>;
let books: SampleCatalogue;
let communitySize: number;
let alice: ApiClient;
let aliceId: string;
let modelVersion: string;

async function reader(sub: string, preferences?: object): Promise<{ api: ApiClient; id: string }> {
  const api = new ApiClient(sys.gatewayUrl, await sys.idp.token(sub));
  const { id } = await api.get<{ id: string }>('/v1/me');
  if (preferences) await api.json('PATCH', '/v1/me/preferences', preferences, 200);
  await sys.flushOutboxes();
  await eventually(async () => {
    const { rows } = await db.query(`SELECT 1 FROM users WHERE id = $1 AND ($2 OR preferences_at IS NOT NULL)`, [id, !preferences]);
    return rows.length ? true : undefined;
  });
  return { api, id };
}

async function recommendations(api: ApiClient, limit = 20): Promise<RecommendationList> {
  return RecommendationList.parse(await api.get(`/v1/me/recommendations?limit=${limit}`));
}

const titles = (list: RecommendationList) => list.items.map((i) => i.book.title);
const texts = (item: Recommendation | undefined) => item?.reasons.map((r) => r.text) ?? [];

beforeAll(async () => {
  sys = await startSystem({
    services: ['users', 'recommender'],
    env: { RECS_BATCH_USERS: '4', RECS_TOP_N: '20', RECS_REFRESH_DELAY_MS: '200' },
  });
  feed = new EventFeed(sys.env.REDIS_URL!, sys.env.QUEUE_PREFIX!);
  db = createPool({ url: sys.env.DATABASE_URL!, schema: 'recs' });
  const seeded = await seedCommunity(feed);
  books = seeded.books;
  communitySize = seeded.readers.length;

  const a = await reader('alice', { preferred_genres: ['science-fiction'], author_blocklist: ['Isaac Asimov'] });
  alice = a.api;
  aliceId = a.id;
  await addToLibrary(feed, aliceId, [
    { bookId: books.dune.bookId, status: 'read', rating: 5 },
    { bookId: books.leviathan.bookId, status: 'read', rating: 4 },
    { bookId: books.hyperion.bookId, status: 'want_to_read' },
  ]);
});
afterAll(async () => {
  await feed?.close();
  await db?.end();
  await sys?.close();
});

describe('the nightly training run (job scheduler → train → batch flow → finalize)', () => {
  it('is scheduled nightly and, when run, stores a model and every reader’s list with the run’s metrics', async () => {
    const scheduler = await feed.queue.getJobScheduler('recs-train');
    expect(scheduler?.pattern).toBe('0 3 * * *');
    const next = await eventually(async () => (await feed.queue.getDelayed()).find((j) => j.name === 'recs.train'));
    await next.promote();

    const model = await eventually(async () => {
      const { rows } = await db.query(`SELECT version, kind, metrics FROM models WHERE status = 'complete'`);
      return rows[0] as { version: string; kind: string; metrics: { train: { readers: number }; run: Record<string, number> } } | undefined;
    }, 30_000);
    modelVersion = model.version;
    expect(model.kind).toBe('ease');
    const readers = communitySize + 1;
    expect(model.metrics.train.readers).toBe(readers);
    expect(model.metrics.run).toMatchObject({ batches: Math.ceil(readers / 4), failedBatches: 0, readers });
    // A reader whose debounced refresh already used this model is skipped, not written twice.
    expect(model.metrics.run.written! + model.metrics.run.skipped!).toBe(readers);

    const train = (await feed.queue.getJob(next.id!)) as Job;
    expect(train.progress).toBe(100);
    expect(train.returnvalue).toMatchObject({ modelVersion, readers, batches: Math.ceil(readers / 4) });
    const finalize = (await feed.queue.getJob(`${modelVersion}-finalize`)) as Job;
    expect(await finalize.getState()).toBe('completed');
    expect(Object.keys(await finalize.getChildrenValues())).toHaveLength(Math.ceil(readers / 4));

    const { rows } = await db.query(
      `SELECT count(*)::int AS lists, sum(item_count)::int AS items FROM recommendation_lists WHERE model_version = $1`,
      [modelVersion],
    );
    expect(rows[0].lists).toBe(readers);
    const dupes = await db.query(`SELECT user_id FROM recommendations GROUP BY user_id, rank HAVING count(*) > 1`);
    expect(dupes.rows).toEqual([]);
  });
});

describe('GET /v1/me/recommendations', () => {
  it('returns explained, filtered books from the trained model', async () => {
    const list = await recommendations(alice);
    expect(list.modelVersion).toBe(modelVersion);
    expect(list.items.length).toBeGreaterThan(5);
    for (const item of list.items) {
      expect(item.reasons.length).toBeGreaterThan(0);
      expect(item.modelVersion).toBe(modelVersion);
    }
    const shown = titles(list);
    // Already in the library (read, rated or wanted) and blocked authors never show up.
    expect(shown).not.toEqual(expect.arrayContaining(['Dune']));
    for (const t of ['Dune', 'Leviathan Wakes', 'Hyperion', 'Foundation', 'Foundation and Empire']) expect(shown).not.toContain(t);
    // Series: the next unread volume of what Alice reads, never a later one, never book 2 of an unstarted series.
    const expanse = list.items.filter((i) => i.book.series === 'The Expanse');
    expect(expanse.map((i) => i.book.title)).toEqual(["Caliban's War"]);
    expect(texts(expanse[0])).toContain('Next in *The Expanse*');
    const dune = list.items.find((i) => i.book.title === 'Dune Messiah');
    expect(texts(dune)).toContain('Next in *Dune Chronicles*');
    for (const t of ['The Well of Ascension', 'The Hero of Ages', "The Wise Man's Fear", "Abaddon's Gate", 'Cibola Burn']) expect(shown).not.toContain(t);
    // Reasons a reader understands.
    const neuromancer = list.items.find((i) => i.book.title === 'Neuromancer');
    expect(texts(neuromancer)).toEqual(expect.arrayContaining(['Because you rated *Dune* 5★']));
    expect(texts(neuromancer).some((t) => t.includes('science fiction, which you follow'))).toBe(true);
    // The summary comes from the book projection.
    expect(neuromancer?.book).toMatchObject({ authors: ['William Gibson'], coverUrl: expect.stringContaining('Neuromancer'), publicationYear: expect.any(Number) });
    // Science fiction leads the list for a reader who follows it.
    expect(list.items.slice(0, 3).every((i) => ['Neuromancer', "Caliban's War", 'Dune Messiah', 'The Left Hand of Darkness'].includes(i.book.title))).toBe(true);
  });

  it('drops a dismissed book at once and keeps the list full', async () => {
    const before = await recommendations(alice, 5);
    const top = before.items[0]!;
    const res = await alice.json<{ bookId: string; type: string }>('POST', `/v1/me/recommendations/${top.book.id}/feedback`, { type: 'dismiss' }, 200);
    expect(res).toMatchObject({ bookId: top.book.id, type: 'dismiss' });
    const after = await recommendations(alice, 5);
    expect(after.items.map((i) => i.book.id)).not.toContain(top.book.id);
    expect(after.items).toHaveLength(5);
  });

  it('answers 404 for unknown books and 422 for bad feedback, as problem+json', async () => {
    const unknown = await alice.request('POST', `/v1/me/recommendations/${testId('bk')}/feedback`, { type: 'like' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await alice.request('POST', '/v1/me/recommendations/not-a-book/feedback', { type: 'like' })).status).toBe(404);
    const bad = await alice.request('POST', `/v1/me/recommendations/${books.hobbit.bookId}/feedback`, { type: 'love' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('type');
    expect((await alice.request('GET', '/v1/me/recommendations?limit=0')).status).toBe(422);
  });

  it('gives a brand-new reader preference- and popularity-based books immediately', async () => {
    const { api } = await reader('bob-new', { preferred_genres: ['fantasy'] });
    const list = await recommendations(api, 10);
    expect(list.items).toHaveLength(10);
    expect(list.modelVersion).toBe(modelVersion);
    expect(list.items[0]!.book.title).toBe('The Hobbit');
    expect(texts(list.items[0])).toContain('Popular in fantasy, which you follow');
    const shown = titles(list);
    expect(shown).toContain('The Final Empire');
    expect(shown).not.toContain('The Well of Ascension');

    const { api: carol } = await reader('carol-new');
    const plain = await recommendations(carol, 3);
    expect(plain.items.map((i) => i.reasons[0]!.kind)).toEqual(['popular', 'popular', 'popular']);
  });
});
