import { stringify } from 'csv-stringify/sync';
import type { ReadingStatus } from '@bookshelf/contracts';
import { joinTitle } from '../catalog/title-parts';
import { GOODREADS_COLUMNS } from './goodreads-csv';

/** What one exported row needs: the entry and the book's catalogue facts. */
export interface ExportEntry {
  bookId: string;
  source: string;
  sourceId: string;
  title: string;
  subtitle: string | null;
  series: string | null;
  seriesNumber: number | null;
  authors: string[];
  isbn10: string | null;
  isbn13: string | null;
  publisher: string | null;
  pageCount: number | null;
  publicationYear: number | null;
  averageRating: number | null;
  status: ReadingStatus | null;
  rating: number | null;
  review: string | null;
  reviewSpoiler: boolean;
  privateNotes: string | null;
  shelves: string[];
  finishedOn: string | null;
  readCount: number;
  owned: boolean;
  createdAt: string;
}

const EXCLUSIVE: Record<ReadingStatus, string> = {
  read: 'read',
  reading: 'currently-reading',
  want_to_read: 'to-read',
  did_not_finish: 'did-not-finish',
  paused: 'paused',
};

function authorLastFirst(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name.trim();
  return `${parts[parts.length - 1]}, ${parts.slice(0, -1).join(' ')}`;
}

const slashDate = (iso: string | null) => (iso ? iso.slice(0, 10).replace(/-/g, '/') : '');
const html = (s: string | null) => (s ? s.replace(/\r?\n/g, '<br/>') : '');

/**
 * The current 24-column Goodreads layout. Book Id is the Goodreads id when the catalogue has it,
 * else our own bk_ id (our importer reads both). Goodreads ratings are whole stars: halves round up.
 */
export function toGoodreadsCsv(entries: ExportEntry[]): string {
  const rows = entries.map((e) => {
    const exclusive = EXCLUSIVE[e.status ?? 'want_to_read'];
    const values: Record<(typeof GOODREADS_COLUMNS)[number], string | number> = {
      'Book Id': e.source === 'goodreads' ? e.sourceId : e.bookId,
      Title: joinTitle(e),
      Author: e.authors[0] ?? '',
      'Author l-f': e.authors[0] ? authorLastFirst(e.authors[0]) : '',
      'Additional Authors': e.authors.slice(1).join(', '),
      ISBN: `="${e.isbn10 ?? ''}"`,
      ISBN13: `="${e.isbn13 ?? ''}"`,
      'My Rating': e.rating ? Math.ceil(e.rating) : 0,
      'Average Rating': e.averageRating !== null ? e.averageRating.toFixed(2) : '',
      Publisher: e.publisher ?? '',
      Binding: '',
      'Number of Pages': e.pageCount ?? '',
      'Year Published': e.publicationYear ?? '',
      'Original Publication Year': e.publicationYear ?? '',
      'Date Read': slashDate(e.finishedOn),
      'Date Added': slashDate(e.createdAt),
      Bookshelves: [exclusive, ...e.shelves].join(', '),
      'Bookshelves with positions': '',
      'Exclusive Shelf': exclusive,
      'My Review': html(e.review),
      Spoiler: e.review && e.reviewSpoiler ? 'true' : '',
      'Private Notes': html(e.privateNotes),
      'Read Count': e.readCount,
      'Owned Copies': e.owned ? 1 : 0,
    };
    return GOODREADS_COLUMNS.map((c) => values[c]);
  });
  return stringify([[...GOODREADS_COLUMNS], ...rows], { record_delimiter: '\n' });
}
