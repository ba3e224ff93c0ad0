// A Goodreads export of a given size drawn from the catalogue, with the mix a real one has:
// most rows carry ISBN-13, some only ISBN-10, some none (title + author, a few with typos), a few
// books the catalogue does not hold.
import type { BookRow } from '../src/data/book-row';
import { HEADER_24, goodreadsLine } from '../src/domain/goodreads/goodreads-fixtures';
import { joinTitle } from '../src/domain/catalog/title-parts';

function typo(s: string, rnd: () => number): string {
  const words = s.split(' ');
  const i = words.findIndex((w) => w.length >= 6);
  if (i < 0) return s;
  const w = words[i]!;
  const j = 1 + Math.floor(rnd() * (w.length - 2));
  words[i] = w.slice(0, j) + w.slice(j + 1);
  return words.join(' ');
}

const SHELVES = ['read', 'currently-reading', 'to-read'];

export function goodreadsExport(books: BookRow[], rows: number, rnd: () => number): { csv: string; expectedInCatalogue: number } {
  const lines = [HEADER_24];
  const pool = [...books].sort(() => rnd() - 0.5);
  let inCatalogue = 0;
  for (let i = 0; i < rows; i++) {
    const b = pool[i % pool.length]!;
    const r = rnd();
    const title = joinTitle({ title: b.title, subtitle: b.subtitle, series: b.series, seriesNumber: b.series_number });
    const exclusive = SHELVES[Math.floor(rnd() * SHELVES.length)]!;
    const base = {
      'Book Id': '',
      Title: title,
      Author: b.authors[0] ?? '',
      'Additional Authors': b.authors.slice(1).join(', '),
      'My Rating': exclusive === 'read' ? String(1 + Math.floor(rnd() * 5)) : '0',
      'Exclusive Shelf': exclusive,
      Bookshelves: [exclusive, ...(rnd() < 0.3 ? ['favorites'] : [])].join(', '),
      'Date Added': `20${10 + Math.floor(rnd() * 14)}/0${1 + Math.floor(rnd() * 9)}/1${Math.floor(rnd() * 9)}`,
      'My Review': rnd() < 0.1 ? 'Great.<br/>Would read again.' : '',
      'Read Count': exclusive === 'read' ? '1' : '0',
      'Owned Copies': rnd() < 0.2 ? '1' : '0',
    };
    if (r < 0.02) {
      lines.push(goodreadsLine({ ...base, Title: `Unpublished Notebook ${i}`, Author: 'Nobody Atall' }));
      continue;
    }
    inCatalogue++;
    if (r < 0.72 && b.isbn13) lines.push(goodreadsLine({ ...base, ISBN: b.isbn10 ?? '', ISBN13: b.isbn13 }));
    else if (r < 0.82 && b.isbn10) lines.push(goodreadsLine({ ...base, ISBN: b.isbn10 }));
    else if (r < 0.92) lines.push(goodreadsLine(base));
    else lines.push(goodreadsLine({ ...base, Title: typo(title, rnd) }));
  }
  return { csv: `${lines.join('\n')}\n`, expectedInCatalogue: inCatalogue };
}
