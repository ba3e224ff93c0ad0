import { describe, expect, it } from 'vitest';
import { GoodreadsCsvError, parseGoodreadsCsv } from './goodreads-csv';
import { goodreadsDate, goodreadsEntry, type GoodreadsEntry } from './goodreads-entry';
import { HEADER_24, HEADER_31, goodreadsLine, goodreadsLine31 } from './goodreads-fixtures';

const hunger = {
  'Book Id': '2767052',
  Title: 'The Hunger Games (The Hunger Games, #1)',
  Author: 'Suzanne Collins',
  ISBN: '0439023483',
  ISBN13: '9780439023481',
  'My Rating': '5',
  'Date Read': '2023/06/01',
  'Date Added': '2023/05/01',
  Bookshelves: 'favorites, dystopia, read',
  'Exclusive Shelf': 'read',
  'My Review': 'Loved it.<br/><br/>Second paragraph.',
  Spoiler: 'true',
  'Read Count': '2',
  'Owned Copies': '1',
};

function entry(csv: string): GoodreadsEntry {
  const [rec] = parseGoodreadsCsv(csv, 100);
  const e = goodreadsEntry(rec!, 1);
  if ('invalid' in e) throw new Error(e.invalid);
  return e;
}

describe('Goodreads CSV', () => {
  it('reads the current 24-column export', () => {
    const e = entry(`${HEADER_24}\n${goodreadsLine(hunger)}\n`);
    expect(e).toMatchObject({ bookRef: '2767052', isbn10: '0439023483', isbn13: '9780439023481', addedOn: '2023-05-01', authors: ['Suzanne Collins'] });
    expect(e.title).toMatchObject({ title: 'The Hunger Games', series: 'The Hunger Games', seriesNumber: 1 });
    expect(e.changes).toEqual({
      status: 'read',
      rating: 5,
      review: 'Loved it.\n\nSecond paragraph.',
      reviewSpoiler: true,
      privateNotes: null,
      shelves: ['favorites', 'dystopia'],
      finishedOn: '2023-06-01',
      readCount: 2,
      owned: true,
    });
  });

  it('keeps the ISBN columns apart', () => {
    const e = entry(`${HEADER_24}\n${goodreadsLine({ ...hunger, ISBN13: '' })}\n`);
    expect([e.isbn10, e.isbn13]).toEqual(['0439023483', null]);
  });

  it('reads the older 31-column export with raw ="…" ISBNs', () => {
    const e = entry(`${HEADER_31}\n${goodreadsLine31({ ...hunger, 'My Rating': '0', 'Exclusive Shelf': 'to-read', Bookshelves: 'to-read' })}\n`);
    expect(e.isbn13).toBe('9780439023481');
    expect(e.changes).toMatchObject({ status: 'want_to_read', rating: null, shelves: [], owned: true });
  });

  it('maps custom exclusive shelves to statuses or keeps them as shelves', () => {
    expect(entry(`${HEADER_24}\n${goodreadsLine({ ...hunger, 'Exclusive Shelf': 'did-not-finish', Bookshelves: 'did-not-finish' })}`).changes)
      .toMatchObject({ status: 'did_not_finish', shelves: [] });
    expect(entry(`${HEADER_24}\n${goodreadsLine({ ...hunger, 'Exclusive Shelf': 'currently-reading', Bookshelves: '' })}`).changes.status).toBe('reading');
    expect(entry(`${HEADER_24}\n${goodreadsLine({ ...hunger, 'Exclusive Shelf': 'wishlist', Bookshelves: 'wishlist' })}`).changes)
      .toMatchObject({ status: 'want_to_read', shelves: ['wishlist'] });
  });

  it('parses Goodreads dates strictly', () => {
    expect(goodreadsDate('2023/6/1')).toBe('2023-06-01');
    expect(goodreadsDate('2023/02/30')).toBeNull();
    expect(goodreadsDate('')).toBeNull();
  });

  it('refuses what is not a Goodreads export, with a reason', () => {
    expect(() => parseGoodreadsCsv('', 10)).toThrow(/empty/);
    expect(() => parseGoodreadsCsv('name,age\nbob,3\n', 10)).toThrow(/missing column\(s\) Title, Author, ISBN, ISBN13, Exclusive Shelf/);
    expect(() => parseGoodreadsCsv(`${HEADER_24}\n1,"unterminated\n`, 10)).toThrow(GoodreadsCsvError);
    expect(() => parseGoodreadsCsv(`${HEADER_24}\n1,2,3\n`, 10)).toThrow(/line 2/);
    expect(() => parseGoodreadsCsv(`${HEADER_24}\n${goodreadsLine(hunger)}\n${goodreadsLine(hunger)}\n`, 1)).toThrow(/too many rows/);
  });

  it('flags rows with neither title nor ISBN', () => {
    const [rec] = parseGoodreadsCsv(`${HEADER_24}\n${goodreadsLine({ Author: 'Nobody' })}\n`, 10);
    expect(goodreadsEntry(rec!, 1)).toEqual({ row: 1, invalid: 'no title and no ISBN' });
  });
});
