import type { BookRepository } from '../../data/book-repository';
import { parseIsbn } from '../catalog/isbn';

export type BookRefResult = { ok: true; bookId: string } | { ok: false; reason: 'invalid' | 'not_found'; message: string };

/** Resolves "by book id or by ISBN" references against the catalogue, all at once. */
export async function resolveBookRefs(books: BookRepository, refs: { bookId?: string; isbn?: string }[]): Promise<BookRefResult[]> {
  const ids = [...new Set(refs.map((r) => r.bookId).filter((x): x is string => !!x))];
  const isbns = refs.map((r) => (r.isbn !== undefined ? parseIsbn(r.isbn) : null));
  const isbn13s = [...new Set(isbns.filter((x) => x !== null).map((x) => x.isbn13))];
  const [byId, byIsbn] = await Promise.all([books.byIds(ids), books.byIsbn13s(isbn13s)]);
  const known = new Set(byId.map((b) => b.id));
  const isbnToId = new Map(byIsbn.map((b) => [b.isbn13!, b.id]));
  return refs.map((r, i): BookRefResult => {
    if (r.bookId !== undefined) {
      return known.has(r.bookId) ? { ok: true, bookId: r.bookId } : { ok: false, reason: 'not_found', message: 'no such book in the catalogue' };
    }
    const isbn = isbns[i];
    if (!isbn) return { ok: false, reason: 'invalid', message: 'not a valid ISBN-10 or ISBN-13' };
    const id = isbnToId.get(isbn.isbn13);
    return id ? { ok: true, bookId: id } : { ok: false, reason: 'not_found', message: 'no book with this ISBN in the catalogue' };
  });
}
