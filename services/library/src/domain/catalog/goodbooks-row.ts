import type { CatalogBookInput } from './catalog-book';
import { isValidIsbn13, parseIsbn } from './isbn';
import { normaliseLanguage } from './language';
import { splitAuthors, titleParts } from './title-parts';

export const GOODBOOKS_REQUIRED_COLUMNS = ['goodreads_book_id', 'title', 'authors', 'isbn'] as const;

/** goodbooks-10k stores ISBN-10s as numbers: leading zeros are gone ("439023483"). */
function goodbooksIsbn10(raw: string | undefined): string | null {
  const s = (raw ?? '').trim().toUpperCase();
  if (!/^\d{1,9}[\dX]$/.test(s)) return null;
  return parseIsbn(s.padStart(10, '0'))?.isbn10 ?? null;
}

/**
 * The isbn13 column went through a float ("9.78043902348e+12"): its last digits are lost, so it is
 * only trusted when it still reads as 13 digits with a valid checksum.
 */
function goodbooksIsbn13(raw: string | undefined): string | null {
  const s = (raw ?? '').trim();
  if (!/^\d{13}(\.0+)?$/.test(s)) return null;
  const digits = s.slice(0, 13);
  return isValidIsbn13(digits) ? digits : null;
}

function int(raw: string | undefined): number | null {
  const n = Number.parseFloat(raw ?? '');
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

function float(raw: string | undefined): number | null {
  const n = Number.parseFloat(raw ?? '');
  return Number.isFinite(n) ? n : null;
}

function cover(raw: string | undefined): string | null {
  const s = (raw ?? '').trim();
  if (!/^https?:\/\//.test(s) || s.includes('nophoto')) return null;
  return s;
}

/** One goodbooks CSV record → a catalogue book, or null when it has no usable id or title. */
export function goodbooksBook(rec: Record<string, string | undefined>, genres: string[] = []): CatalogBookInput | null {
  const sourceId = (rec.goodreads_book_id ?? '').trim();
  const rawTitle = (rec.title ?? '').trim() || (rec.original_title ?? '').trim();
  if (!/^\d+$/.test(sourceId) || !rawTitle) return null;
  const parts = titleParts(rawTitle);
  const isbn10 = goodbooksIsbn10(rec.isbn);
  const isbn13 = isbn10 ? parseIsbn(isbn10)!.isbn13 : goodbooksIsbn13(rec.isbn13);
  return {
    source: 'goodreads',
    sourceId,
    ...parts,
    authors: splitAuthors(rec.authors ?? ''),
    isbn10: isbn10 ?? (isbn13 ? parseIsbn(isbn13)?.isbn10 ?? null : null),
    isbn13,
    publisher: null,
    publicationYear: int(rec.original_publication_year),
    language: normaliseLanguage(rec.language_code),
    pageCount: null,
    genres,
    coverUrl: cover(rec.image_url),
    averageRating: float(rec.average_rating),
    ratingsCount: Math.max(0, int(rec.ratings_count) ?? 0),
  };
}

/** "fantasy|young-adult|fiction" → ["fantasy", "young-adult", "fiction"] (most-tagged first). */
export function parseGenres(raw: string | undefined): string[] {
  return [...new Set((raw ?? '').split('|').map((g) => g.trim().toLowerCase()).filter(Boolean))];
}
