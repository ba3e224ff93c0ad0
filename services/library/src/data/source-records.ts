import type { Sql } from './prisma';

/** Raw answers of external catalogues, one per (source, source id), pointing at our book. */
export const sourceRecords = {
  async save(sql: Sql, r: { source: string; sourceId: string; bookId: string; payload: unknown }): Promise<void> {
    await sql.$executeRawUnsafe(
      `INSERT INTO book_source_records (source, source_id, book_id, payload) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (source, source_id) DO UPDATE SET book_id = EXCLUDED.book_id, payload = EXCLUDED.payload, fetched_at = now()`,
      r.source,
      r.sourceId,
      r.bookId,
      // NUL cannot live in jsonb text; a source sending one loses that character, not the record.
      JSON.stringify(r.payload).replaceAll('\\u0000', ''),
    );
  },
};
