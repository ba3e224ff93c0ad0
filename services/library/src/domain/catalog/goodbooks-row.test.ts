import { describe, expect, it } from 'vitest';
import { goodbooksBook, parseGenres } from './goodbooks-row';
import { normaliseLanguage } from './language';

const hungerGames = {
  book_id: '1',
  goodreads_book_id: '2767052',
  isbn: '439023483',
  isbn13: '9.78043902348e+12',
  authors: 'Suzanne Collins',
  original_publication_year: '2008.0',
  original_title: 'The Hunger Games',
  title: 'The Hunger Games (The Hunger Games, #1)',
  language_code: 'eng',
  average_rating: '4.34',
  ratings_count: '4780653',
  image_url: 'https://images.gr-assets.com/books/1447303603m/2767052.jpg',
};

describe('goodbooks rows', () => {
  it('repairs the known quirks', () => {
    const b = goodbooksBook(hungerGames, ['young-adult', 'dystopia'])!;
    expect(b).toMatchObject({
      source: 'goodreads',
      sourceId: '2767052',
      title: 'The Hunger Games',
      series: 'The Hunger Games',
      seriesNumber: 1,
      isbn10: '0439023483',
      isbn13: '9780439023481',
      authors: ['Suzanne Collins'],
      publicationYear: 2008,
      language: 'en',
      ratingsCount: 4780653,
      genres: ['young-adult', 'dystopia'],
    });
  });

  it('drops an unrecoverable ISBN-13 and placeholder covers', () => {
    const b = goodbooksBook({ ...hungerGames, isbn: '', image_url: 'https://s.gr-assets.com/assets/nophoto/book/111x148.png' })!;
    expect(b.isbn10).toBeNull();
    expect(b.isbn13).toBeNull();
    expect(b.coverUrl).toBeNull();
  });

  it('keeps a negative publication year and rejects rows without id or title', () => {
    expect(goodbooksBook({ ...hungerGames, original_publication_year: '-720.0' })!.publicationYear).toBe(-720);
    expect(goodbooksBook({ ...hungerGames, goodreads_book_id: '' })).toBeNull();
    expect(goodbooksBook({ ...hungerGames, title: '', original_title: '' })).toBeNull();
  });

  it('normalises languages and genres', () => {
    expect(normaliseLanguage('en-US')).toBe('en-US');
    expect(normaliseLanguage('fre')).toBe('fr');
    expect(normaliseLanguage('')).toBeNull();
    expect(parseGenres('fantasy|Fiction|fantasy')).toEqual(['fantasy', 'fiction']);
  });
});
