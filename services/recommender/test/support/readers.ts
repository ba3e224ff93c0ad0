import type { EventPayload, ReadingStatus } from '@bookshelf/contracts';
import type { EventFeed } from './event-feed';
import { testId } from './ids';

type LibraryEvent = EventPayload<'library.book-added'>;

export interface Shelf {
  bookId: string;
  status?: ReadingStatus | null;
  rating?: number | null;
  owned?: boolean;
  shelves?: string[];
}

export function libraryEntry(userId: string, s: Shelf, at = new Date()): LibraryEvent {
  return {
    userId,
    userBookId: testId('ub'),
    bookId: s.bookId,
    status: s.status === undefined ? 'read' : s.status,
    rating: s.rating ?? null,
    owned: s.owned ?? false,
    shelves: s.shelves ?? [],
    occurredAt: at.toISOString(),
  };
}

/** Adds books to a reader's library through library.book-added events; returns the events. */
export async function addToLibrary(feed: EventFeed, userId: string, shelf: Shelf[]): Promise<LibraryEvent[]> {
  const events = shelf.map((s) => libraryEntry(userId, s));
  await feed.publishAll(events.map((e) => ['library.book-added', e] as const));
  return events;
}
