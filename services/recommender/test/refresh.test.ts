import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '@bookshelf/db';
import { eventually, startSystem, type System } from '@bookshelf/testkit';
import type { SampleCatalogue } from './support/catalogue';
import { EventFeed } from './support/event-feed';
import { testId } from './support/ids';
import { libraryEntry } from './support/readers';
import { seedCommunity } from './support/seed';
import { trainNow } from './support/training';

let sys: System;
let feed: EventFeed;
let db: ReturnType<typeof createPool>;
let books: SampleCatalogue;
let version: string;

beforeAll(async () => {
  sys = await startSystem({
    services: ['recommender'],
    env: { RECS_TRAIN_CRON: 'off', RECS_TOP_N: '10', RECS_REFRESH_DELAY_MS: '800' },
  });
  feed = new EventFeed(sys.env.REDIS_URL!, sys.env.QUEUE_PREFIX!);
  db = createPool({ url: sys.env.DATABASE_URL!, schema: 'recs' });
  books = (await seedCommunity(feed)).books;
  version = (await trainNow(feed, db, 'train-refresh')).model.version;
});
afterAll(async () => {
  await feed?.close();
  await db?.end();
  await sys?.close();
});

async function storedList(userId: string, after?: Date) {
  const { rows } = await db.query(
    `SELECT l.model_version, l.generated_at, array_agg(b.title ORDER BY r.rank) AS titles
       FROM recommendation_lists l JOIN recommendations r USING (user_id) JOIN books b ON b.id = r.book_id
      WHERE l.user_id = $1 AND ($2::timestamptz IS NULL OR l.generated_at > $2)
      GROUP BY l.model_version, l.generated_at`,
    [userId, after ?? null],
  );
  return rows[0] as { model_version: string; generated_at: Date; titles: string[] } | undefined;
}

describe('recs.refresh-user', () => {
  it('folds a burst of library changes into one refresh that recomputes the list with the current model', async () => {
    const userId = testId('usr');
    await feed.publishAll([
      ['library.book-added', libraryEntry(userId, { bookId: books.dune.bookId, rating: 5 })],
      ['library.book-added', libraryEntry(userId, { bookId: books.leviathan.bookId, rating: 4 })],
      ['library.book-added', libraryEntry(userId, { bookId: books.hyperion.bookId, status: 'want_to_read' })],
    ]);
    const list = await eventually(() => storedList(userId), 10_000);
    const refreshes = (await feed.queue.getJobs(['delayed', 'waiting', 'active', 'completed'])).filter(
      (j) => j.name === 'recs.refresh-user' && (j.data as { payload: { userId: string } }).payload.userId === userId,
    );
    expect(refreshes).toHaveLength(1);
    expect(list.model_version).toBe(version);
    expect(list.titles).toContain("Caliban's War");
    expect(list.titles).not.toContain('Dune');
    expect(list.titles).not.toContain('Hyperion');

    // Reading the next volume moves the series on within the debounce delay.
    await feed.publishAll([['library.book-added', libraryEntry(userId, { bookId: books.calibans.bookId, rating: 5 })]]);
    const next = await eventually(() => storedList(userId, list.generated_at), 10_000);
    expect(next.titles).not.toContain("Caliban's War");
    expect(next.titles).toContain("Abaddon's Gate");
    expect(next.titles.filter((t) => ['Cibola Burn', 'Nemesis Games'].includes(t))).toEqual([]);
  });
});
