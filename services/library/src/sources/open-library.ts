import { z } from 'zod';
import { isValidIsbn10, isValidIsbn13 } from '../domain/catalog/isbn';
import type { CatalogBookInput } from '../domain/catalog/catalog-book';
import type { BookSource, SourceBook } from './book-source';
import { getJson, type HttpJsonOptions } from './http-json';
import { SourceRejectedError } from './source-errors';

export const OPEN_LIBRARY = 'open-library';

// Only the fields we map; everything else stays in the raw payload.
const Key = z.string().min(1).max(200);
const Edition = z.looseObject({
  key: Key,
  title: z.string().min(1),
  subtitle: z.string().optional(),
  authors: z.array(z.looseObject({ key: Key })).optional(),
  publishers: z.array(z.string()).optional(),
  publish_date: z.string().optional(),
  number_of_pages: z.number().int().optional(),
  isbn_13: z.array(z.string()).optional(),
  isbn_10: z.array(z.string()).optional(),
  covers: z.array(z.number().int()).optional(),
  languages: z.array(z.looseObject({ key: Key })).optional(),
});
const Author = z.looseObject({ name: z.string().min(1) });
const SearchDoc = z.looseObject({
  key: Key,
  title: z.string().min(1),
  subtitle: z.string().optional(),
  author_name: z.array(z.string()).optional(),
  first_publish_year: z.number().int().optional(),
  number_of_pages_median: z.number().int().optional(),
  cover_i: z.number().int().optional(),
  language: z.array(z.string()).optional(),
  publisher: z.array(z.string()).optional(),
});
const SearchResult = z.looseObject({ docs: z.array(z.unknown()) });

const MAX_AUTHORS = 5;

function year(s: string | undefined): number | null {
  const m = s ? /\b(1[0-9]{3}|20[0-9]{2})\b/.exec(s) : null;
  return m ? Number(m[1]) : null;
}

function cover(id: number | undefined): string | null {
  return id && id > 0 ? `https://covers.openlibrary.org/b/id/${id}-L.jpg` : null;
}

function positive(n: number | undefined): number | null {
  return n !== undefined && n > 0 ? n : null;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new SourceRejectedError(`${OPEN_LIBRARY}: unexpected ${what} shape`);
  return r.data;
}

function base(b: Partial<CatalogBookInput> & Pick<CatalogBookInput, 'sourceId' | 'title' | 'authors'>): CatalogBookInput {
  return {
    source: OPEN_LIBRARY,
    subtitle: null,
    series: null,
    seriesNumber: null,
    isbn10: null,
    isbn13: null,
    publisher: null,
    publicationYear: null,
    language: null,
    pageCount: null,
    genres: [],
    coverUrl: null,
    averageRating: null,
    ratingsCount: 0,
    ...b,
  };
}

/** Open Library's JSON API: editions by ISBN (authors looked up by key) and the search endpoint. */
export class OpenLibrarySource implements BookSource {
  readonly name = OPEN_LIBRARY;

  constructor(
    private readonly baseUrl: string,
    private readonly http: Omit<HttpJsonOptions, 'source' | 'signal'>,
  ) {}

  private get(path: string, signal?: AbortSignal): Promise<unknown> {
    return getJson(new URL(path, this.baseUrl).toString(), { ...this.http, source: this.name, signal });
  }

  async byIsbn(isbn13: string, signal?: AbortSignal): Promise<SourceBook | null> {
    const raw = await this.get(`/isbn/${isbn13}.json`, signal);
    if (raw === null) return null;
    const e = parse(Edition, raw, 'edition');
    const authors: string[] = [];
    const authorPayloads: unknown[] = [];
    for (const a of (e.authors ?? []).slice(0, MAX_AUTHORS)) {
      if (!/^\/authors\/[A-Za-z0-9]+$/.test(a.key)) continue;
      const author = await this.get(`${a.key}.json`, signal);
      if (author === null) continue;
      authorPayloads.push(author);
      authors.push(parse(Author, author, 'author').name);
    }
    const own13 = (e.isbn_13 ?? []).find(isValidIsbn13);
    const book = base({
      sourceId: e.key,
      title: e.title,
      subtitle: e.subtitle ?? null,
      authors,
      // The edition asked for is this ISBN's edition, whatever else it lists.
      isbn13: own13 === isbn13 || !own13 ? isbn13 : own13,
      isbn10: (e.isbn_10 ?? []).find(isValidIsbn10) ?? null,
      publisher: e.publishers?.[0] ?? null,
      publicationYear: year(e.publish_date),
      language: e.languages?.[0]?.key.split('/').pop() ?? null,
      pageCount: positive(e.number_of_pages),
      coverUrl: cover(e.covers?.[0]),
    });
    return { book, raw: { edition: raw, authors: authorPayloads } };
  }

  async search(title: string, author: string | null, signal?: AbortSignal): Promise<SourceBook[]> {
    const qs = new URLSearchParams({ title, limit: '5' });
    if (author) qs.set('author', author);
    const raw = await this.get(`/search.json?${qs.toString()}`, signal);
    if (raw === null) return [];
    const docs = parse(SearchResult, raw, 'search result').docs;
    const out: SourceBook[] = [];
    for (const d of docs.slice(0, 5)) {
      const doc = SearchDoc.safeParse(d);
      if (!doc.success) continue;
      const w = doc.data;
      out.push({
        // A work, not an edition: its ISBNs belong to many editions, so none is claimed.
        book: base({
          sourceId: w.key,
          title: w.title,
          subtitle: w.subtitle ?? null,
          authors: (w.author_name ?? []).slice(0, MAX_AUTHORS),
          publisher: w.publisher?.[0] ?? null,
          publicationYear: w.first_publish_year ?? null,
          language: w.language?.[0] ?? null,
          pageCount: positive(w.number_of_pages_median),
          coverUrl: cover(w.cover_i),
        }),
        raw: d,
      });
    }
    return out;
  }
}
