import type { EventPayload } from '@bookshelf/contracts';
import { sampleCatalogue, type SampleCatalogue } from './catalogue';
import type { EventFeed } from './event-feed';
import { testId } from './ids';
import { libraryEntry, type Shelf } from './readers';

/**
 * Catalogue plus a community of readers with clear tastes (science fiction, fantasy,
 * mystery), enough for an item-item model to learn which books go together.
 */
export async function seedCommunity(feed: EventFeed): Promise<{ books: SampleCatalogue; readers: string[] }> {
  const books = sampleCatalogue();
  await feed.publishAll(Object.values(books).map((b) => ['catalog.book-upserted', b] as const));
  const b = books;
  const tastes: Shelf[][] = [];
  for (let i = 0; i < 6; i++) {
    tastes.push([
      { bookId: b.dune.bookId, rating: 5 },
      { bookId: b.neuromancer.bookId, rating: 5 },
      { bookId: b.hyperion.bookId, rating: 4 },
      { bookId: b.leviathan.bookId, rating: 4 },
      { bookId: b.calibans.bookId, rating: 4 },
      ...(i % 2 === 0 ? [{ bookId: b.abaddon.bookId, rating: 4 }, { bookId: b.leftHand.bookId, rating: 5 }] : []),
      ...(i % 3 === 0 ? [{ bookId: b.foundation.bookId, rating: 4 }, { bookId: b.duneMessiah.bookId, status: 'reading' as const }] : []),
    ]);
  }
  for (let i = 0; i < 5; i++) {
    tastes.push([
      { bookId: b.nameOfWind.bookId, rating: 5 },
      { bookId: b.hobbit.bookId, rating: 5 },
      { bookId: b.mistborn1.bookId, rating: 4 },
      { bookId: b.mistborn2.bookId, rating: 4 },
      ...(i % 2 === 0 ? [{ bookId: b.mistborn3.bookId, rating: 4 }, { bookId: b.earthsea.bookId, owned: true, status: null }] : []),
    ]);
  }
  for (let i = 0; i < 4; i++) {
    tastes.push([
      { bookId: b.goneGirl.bookId, rating: 4 },
      { bookId: b.dragonTattoo.bookId, rating: 5 },
      { bookId: b.thenThere.bookId, status: 'read' },
      ...(i % 2 === 0 ? [{ bookId: b.bigSleep.bookId, status: 'want_to_read' as const }] : []),
    ]);
  }
  const readers = tastes.map(() => testId('usr'));
  const events: [ 'library.book-added', EventPayload<'library.book-added'>][] = [];
  tastes.forEach((shelf, i) => shelf.forEach((s) => events.push(['library.book-added', libraryEntry(readers[i]!, s)])));
  await feed.publishAll(events);
  return { books, readers };
}
