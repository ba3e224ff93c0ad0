import { describe, expect, it } from 'vitest';
import { parseGoodreadsCsv } from './goodreads-csv';
import { goodreadsEntry } from './goodreads-entry';
import { toGoodreadsCsv, type ExportEntry } from './goodreads-export';

const entry: ExportEntry = {
  bookId: 'bk_01HZZZZZZZZZZZZZZZZZZZZZZZ',
  source: 'goodreads',
  sourceId: '2767052',
  title: 'The Hunger Games',
  subtitle: null,
  series: 'The Hunger Games',
  seriesNumber: 1,
  authors: ['Suzanne Collins'],
  isbn10: '0439023483',
  isbn13: '9780439023481',
  publisher: null,
  pageCount: 374,
  publicationYear: 2008,
  averageRating: 4.34,
  status: 'did_not_finish',
  rating: 4,
  review: 'Line one\nLine "two", with a comma',
  reviewSpoiler: true,
  privateNotes: 'lent by Sam',
  shelves: ['dystopia', 'book club'],
  finishedOn: '2024-02-29',
  readCount: 1,
  owned: true,
  createdAt: '2024-01-15T10:11:12.000Z',
};

describe('Goodreads export', () => {
  it('writes the 24-column layout with wrapped ISBNs', () => {
    const csv = toGoodreadsCsv([entry]);
    const [header, line] = csv.split('\n');
    expect(header!.split(',')).toHaveLength(24);
    expect(line).toContain('"=""0439023483"""');
    expect(line).toContain('2024/02/29');
  });

  it('reads back through the importer with everything both formats hold', () => {
    const [rec] = parseGoodreadsCsv(toGoodreadsCsv([entry]), 10);
    const back = goodreadsEntry(rec!, 1);
    if ('invalid' in back) throw new Error(back.invalid);
    expect(back).toMatchObject({ bookRef: '2767052', isbn13: entry.isbn13, isbn10: entry.isbn10, addedOn: '2024-01-15', authors: entry.authors });
    expect(back.title).toEqual({ title: entry.title, subtitle: null, series: entry.series, seriesNumber: 1 });
    expect(back.changes).toEqual({
      status: 'did_not_finish',
      rating: 4,
      review: entry.review,
      reviewSpoiler: true,
      privateNotes: entry.privateNotes,
      shelves: entry.shelves,
      finishedOn: entry.finishedOn,
      readCount: 1,
      owned: true,
    });
  });
});
