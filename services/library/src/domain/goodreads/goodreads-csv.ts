import { CsvError, parse } from 'csv-parse/sync';

/** The columns of a Goodreads library export, by normalised header name. */
export const GOODREADS_COLUMNS = [
  'Book Id', 'Title', 'Author', 'Author l-f', 'Additional Authors', 'ISBN', 'ISBN13', 'My Rating', 'Average Rating',
  'Publisher', 'Binding', 'Number of Pages', 'Year Published', 'Original Publication Year', 'Date Read', 'Date Added',
  'Bookshelves', 'Bookshelves with positions', 'Exclusive Shelf', 'My Review', 'Spoiler', 'Private Notes', 'Read Count',
  'Owned Copies',
] as const;

const REQUIRED = ['title', 'author', 'isbn', 'isbn13', 'exclusiveshelf'];

export class GoodreadsCsvError extends Error {
  override name = 'GoodreadsCsvError';
}

/** "Book Id", "BookID", " book id " → "bookid". */
export function headerKey(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export type GoodreadsRecord = Record<string, string>;

/**
 * Parses and checks a whole Goodreads export before anything is stored: the current 24-column
 * header and the older 31-column one (extra columns are ignored), `="…"` wrapped ISBNs, quoted
 * multi-line reviews. Throws GoodreadsCsvError with a reason a person can act on.
 */
export function parseGoodreadsCsv(text: string, maxRows: number): GoodreadsRecord[] {
  if (text.trim() === '') throw new GoodreadsCsvError('the file is empty');
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_quotes: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new GoodreadsCsvError(`not valid CSV${line ? ` (line ${line})` : ''}: ${err.message.replace(/^[^:]*:\s*/, '')}`);
    }
    throw err;
  }
  const header = (rows[0] ?? []).map(headerKey);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    const names = missing.map((m) => GOODREADS_COLUMNS.find((c) => headerKey(c) === m) ?? m);
    throw new GoodreadsCsvError(`not a Goodreads library export: missing column(s) ${names.join(', ')}`);
  }
  if (rows.length - 1 > maxRows) throw new GoodreadsCsvError(`too many rows: ${rows.length - 1} (at most ${maxRows})`);
  return rows.slice(1).map((cells) => {
    const rec: GoodreadsRecord = {};
    header.forEach((key, i) => {
      if (key && !(key in rec)) rec[key] = cells[i] ?? '';
    });
    return rec;
  });
}
