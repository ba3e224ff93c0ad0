import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '@bookshelf/db';
import { ApiClient, eventually, startSystem, type System } from '@bookshelf/testkit';
import { EventFeed } from './support/event-feed';
import { sampleCatalogue } from './support/catalogue';
import { testId } from './support/ids';
import { libraryEntry } from './support/readers';

let sys: System;
let feed: EventFeed;
let db: ReturnType<typeof createPool>;

beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'recommender'], env: { RECS_TRAIN_CRON: 'off' } });
  feed = new EventFeed(sys.env.REDIS_URL!, sys.env.QUEUE_PREFIX!);
  db = createPool({ url: sys.env.DATABASE_URL!, schema: 'recs' });
});
afterAll(async () => {
  await feed?.close();
  await db?.end();
  await sys?.close();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('book projection (catalog.book-upserted)', () => {
  it('stores catalogue features and ignores an older update delivered late', async () => {
    const { dune } = sampleCatalogue();
    await feed.publishAll([
      ['catalog.book-upserted', { ...dune, genres: ['Science Fiction', 'fiction'] }, { occurredAt: minutesAgo(1) }],
      ['catalog.book-upserted', { ...dune, title: 'Dune (old title)', popularity: 1 }, { occurredAt: minutesAgo(5) }],
    ]);
    const { rows } = await db.query(`SELECT title, authors, genres, series, series_number, popularity FROM books WHERE id = $1`, [dune.bookId]);
    expect(rows).toEqual([
      { title: 'Dune', authors: ['Frank Herbert'], genres: ['science-fiction', 'fiction'], series: 'Dune Chronicles', series_number: 1, popularity: 900 },
    ]);
  });
});

describe('interaction projection (library.*)', () => {
  it('derives signal strength and applies each event once, newest wins', async () => {
    const userId = testId('usr');
    const { hyperion } = sampleCatalogue();
    const added = libraryEntry(userId, { bookId: hyperion.bookId, status: 'read', rating: 5 }, minutesAgo(3));
    const addedId = testId('evt', Date.now() - 3 * 60_000);
    await feed.publishAll([
      ['library.book-added', added, { eventId: addedId }],
      ['library.book-updated', { ...added, rating: 2, occurredAt: minutesAgo(1).toISOString() }],
    ]);
    // The same event again under another job id, as after a Redis loss: the inbox stops it.
    await feed.publishAll([['library.book-added', added, { eventId: addedId, jobId: testId('evt') }]]);
    const { rows } = await db.query(`SELECT rating, strength, removed FROM interactions WHERE user_id = $1`, [userId]);
    expect(rows).toEqual([{ rating: 2, strength: 0, removed: false }]);
  });

  it('keeps a removed book removed when an older add arrives after the removal', async () => {
    const userId = testId('usr');
    const { neuromancer } = sampleCatalogue();
    const added = libraryEntry(userId, { bookId: neuromancer.bookId, status: 'want_to_read' }, minutesAgo(5));
    await feed.publishAll([
      ['library.book-removed', { userId, userBookId: added.userBookId, bookId: neuromancer.bookId, occurredAt: minutesAgo(2).toISOString() }],
      ['library.book-added', added],
    ]);
    const { rows } = await db.query(`SELECT removed, strength FROM interactions WHERE user_id = $1`, [userId]);
    expect(rows).toEqual([{ removed: true, strength: 0 }]);
  });
});

describe('reader projection (user.*) through the users service', () => {
  it('projects preferences from real users events and purges everything on user.deleted', async () => {
    const api = new ApiClient(sys.gatewayUrl, await sys.idp.token('proj-reader'));
    const me = await api.get<{ id: string }>('/v1/me');
    await api.json('PATCH', '/v1/me/preferences', { preferred_genres: ['Science Fiction'], author_blocklist: ['  Isaac ASIMOV '] }, 200);
    await sys.flushOutboxes();
    const prefs = await eventually(async () => {
      const { rows } = await db.query(`SELECT preferred_genres, blocked_authors FROM users WHERE id = $1 AND preferences_at IS NOT NULL`, [me.id]);
      return rows[0] as { preferred_genres: string[]; blocked_authors: string[] } | undefined;
    });
    expect(prefs).toEqual({ preferred_genres: ['science-fiction'], blocked_authors: ['isaac asimov'] });

    const { dune } = sampleCatalogue();
    await feed.publishAll([
      ['catalog.book-upserted', dune],
      ['library.book-added', libraryEntry(me.id, { bookId: dune.bookId, rating: 5 })],
    ]);
    await api.json('POST', `/v1/me/recommendations/${dune.bookId}/feedback`, { type: 'like' }, 200);

    expect((await api.request('DELETE', '/v1/me')).status).toBe(202);
    await sys.flushOutboxes();
    await eventually(async () => {
      const { rows } = await db.query(`SELECT deleted_at FROM users WHERE id = $1`, [me.id]);
      return rows[0]?.deleted_at ? true : undefined;
    });
    // A library event that was still in flight must not bring the reader back.
    await feed.publishAll([['library.book-added', libraryEntry(me.id, { bookId: dune.bookId, rating: 4 })]]);
    for (const table of ['interactions', 'feedback', 'recommendations', 'recommendation_lists']) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [me.id]);
      expect(rows[0].n, table).toBe(0);
    }
    const { rows } = await db.query(`SELECT preferred_genres, blocked_authors FROM users WHERE id = $1`, [me.id]);
    expect(rows[0]).toEqual({ preferred_genres: [], blocked_authors: [] });
  });
});
