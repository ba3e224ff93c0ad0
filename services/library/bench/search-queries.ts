// ~500 search queries of the kinds readers type, drawn from the catalogue: exact titles, title +
// author, typos, OCR-shouted spine text, partial titles, authors alone, ISBNs with hyphens.
import type { BookRow } from '../src/data/book-row';

export interface BenchQuery {
  q: string;
  kind: string;
  /** The one book the query names (none for author-only queries). */
  bookId: string | null;
}

function typo(s: string, rnd: () => number): string {
  return s
    .split(' ')
    .map((w) => {
      if (w.length < 5 || rnd() < 0.5) return w;
      const i = 1 + Math.floor(rnd() * (w.length - 2));
      return rnd() < 0.5 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    })
    .join(' ');
}

function ocr(s: string): string {
  return s.toUpperCase().replace(/I/g, 'l').replace(/O/g, '0');
}

function hyphenate(isbn13: string): string {
  return `${isbn13.slice(0, 3)}-${isbn13.slice(3, 4)}-${isbn13.slice(4, 7)}-${isbn13.slice(7, 12)}-${isbn13.slice(12)}`;
}

export function searchQueries(books: BookRow[], n: number, rnd: () => number): BenchQuery[] {
  const popular = [...books].sort((a, b) => b.ratings_count - a.ratings_count).slice(0, 3_000);
  const out: BenchQuery[] = [];
  while (out.length < n) {
    const b = popular[Math.floor(rnd() * popular.length)]!;
    const author = b.authors[0] ?? '';
    const surname = author.split(' ').pop() ?? '';
    const r = rnd();
    if (r < 0.2) out.push({ q: b.title, kind: 'title', bookId: b.id });
    else if (r < 0.4) out.push({ q: `${b.title} ${surname}`, kind: 'title+author', bookId: b.id });
    else if (r < 0.55) out.push({ q: typo(b.title.toLowerCase(), rnd), kind: 'typo', bookId: b.id });
    else if (r < 0.65) out.push({ q: ocr(`${b.title} ${surname}`), kind: 'ocr', bookId: b.id });
    else if (r < 0.75) out.push({ q: b.title.split(' ').slice(0, 2).join(' '), kind: 'partial', bookId: null });
    else if (r < 0.85) out.push({ q: author, kind: 'author', bookId: null });
    else if (b.isbn13) out.push({ q: rnd() < 0.5 ? hyphenate(b.isbn13) : (b.isbn10 ?? b.isbn13), kind: 'isbn', bookId: b.id });
  }
  return out;
}
