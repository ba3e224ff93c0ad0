import { bookColumns, type BookRow } from './book-row';
import type { PrismaClient } from './prisma';

export interface CandidateRow extends BookRow {
  /** How many of the query's word groups the book's text contains. */
  hits: number;
}

/** Reads of the catalogue: by id, by ISBN, and the candidate retrieval behind search and matching. */
export class BookRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async byId(id: string): Promise<BookRow | null> {
    const rows = await this.prisma.$queryRawUnsafe<BookRow[]>(`SELECT ${bookColumns()} FROM books b WHERE b.id = $1`, id);
    return rows[0] ?? null;
  }

  async byIds(ids: string[]): Promise<BookRow[]> {
    if (ids.length === 0) return [];
    return this.prisma.$queryRawUnsafe<BookRow[]>(`SELECT ${bookColumns()} FROM books b WHERE b.id = ANY($1::text[])`, ids);
  }

  async byIsbn13s(isbn13s: string[]): Promise<BookRow[]> {
    if (isbn13s.length === 0) return [];
    return this.prisma.$queryRawUnsafe<BookRow[]>(`SELECT ${bookColumns()} FROM books b WHERE b.isbn13 = ANY($1::text[])`, isbn13s);
  }

  async byIsbn10s(isbn10s: string[]): Promise<BookRow[]> {
    if (isbn10s.length === 0) return [];
    return this.prisma.$queryRawUnsafe<BookRow[]>(`SELECT ${bookColumns()} FROM books b WHERE b.isbn10 = ANY($1::text[])`, isbn10s);
  }

  async bySourceIds(source: string, sourceIds: string[]): Promise<BookRow[]> {
    if (sourceIds.length === 0) return [];
    return this.prisma.$queryRawUnsafe<BookRow[]>(
      `SELECT ${bookColumns()} FROM books b WHERE b.source = $1 AND b.source_id = ANY($2::text[])`,
      source,
      sourceIds,
    );
  }

  async isEmpty(): Promise<boolean> {
    const rows = await this.prisma.$queryRawUnsafe<{ one: number }[]>(`SELECT 1 AS one FROM books LIMIT 1`);
    return rows.length === 0;
  }

  /**
   * Catalogue words close to each query token the catalogue does not know (trigram similarity):
   * "poter" → potter, porter. One round trip for all tokens; the token itself stays in its group.
   */
  async expandTokens(tokens: string[], perToken = 4): Promise<string[][]> {
    if (tokens.length === 0) return [];
    const rows = await this.prisma.$queryRawUnsafe<{ i: number; word: string }[]>(
      `SELECT t.i::int AS i, w.word FROM unnest($1::text[]) WITH ORDINALITY AS t(tok, i)
       CROSS JOIN LATERAL (
         SELECT s.word FROM search_words s
          WHERE length(t.tok) >= 3 AND s.word % t.tok
            AND NOT EXISTS (SELECT 1 FROM search_words e WHERE e.word = t.tok)
          ORDER BY s.word <-> t.tok, s.word LIMIT $2) w`,
      tokens,
      perToken,
    );
    const groups = tokens.map((t) => [t]);
    for (const r of rows) {
      const g = groups[r.i - 1];
      if (g && !g.includes(r.word)) g.push(r.word);
    }
    return groups;
  }

  /**
   * Books whose full-text vector contains any word of any group, ranked by how many groups they
   * contain, then popularity. Precise scoring happens in the domain on this short list.
   */
  async candidates(groups: string[][], limit: number): Promise<CandidateRow[]> {
    const queries = groups.map((words, gi) =>
      words.map((w, wi) => (gi === groups.length - 1 && wi === 0 && w.length >= 3 ? `'${w}':*` : `'${w}'`)).join(' | '),
    );
    if (queries.length === 0) return [];
    const hits = queries.map((_, i) => `(b.search_tsv @@ to_tsquery('simple', $${i + 2}))::int`).join(' + ');
    return this.prisma.$queryRawUnsafe<CandidateRow[]>(
      `SELECT ${bookColumns()}, (${hits}) AS hits FROM books b
        WHERE b.search_tsv @@ to_tsquery('simple', $1)
        ORDER BY hits DESC, b.ratings_count DESC, b.id LIMIT ${Math.max(1, Math.min(1_000, Math.trunc(limit)))}`,
      queries.map((q) => `(${q})`).join(' | '),
      ...queries,
    );
  }
}
