import { GOODREADS_COLUMNS } from './goodreads-csv';

/** Goodreads export headers: the current 24 columns and the older 31-column layout. */
export const HEADER_24 = GOODREADS_COLUMNS.join(',');
export const HEADER_31 = [
  ...GOODREADS_COLUMNS.slice(0, 23),
  'Recommended For', 'Recommended By', 'Owned Copies', 'Original Purchase Date', 'Original Purchase Location',
  'Condition', 'Condition Description', 'BCID',
].join(',');

type Row = Partial<Record<(typeof GOODREADS_COLUMNS)[number], string>>;

function cell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A CSV line in the 24-column layout; unset columns are blank, ISBNs wrapped as Goodreads does. */
export function goodreadsLine(r: Row): string {
  return GOODREADS_COLUMNS.map((c) => {
    const v = r[c] ?? '';
    if (c === 'ISBN' || c === 'ISBN13') return cell(`="${v}"`);
    return cell(v);
  }).join(',');
}

/** The same row in the 31-column layout. */
export function goodreadsLine31(r: Row): string {
  const cols = HEADER_31.split(',');
  return cols
    .map((c) => {
      const v = (r as Record<string, string | undefined>)[c] ?? '';
      if (c === 'ISBN' || c === 'ISBN13') return `="${v}"`;
      return cell(v);
    })
    .join(',');
}
