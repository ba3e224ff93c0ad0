import type { ImportRowOutcome } from '@bookshelf/contracts';
import type { Sql } from './prisma';

export interface ImportRowRecord {
  id: string;
  user_id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  format: 'goodreads-csv';
  filename: string | null;
  total_rows: number;
  processed_rows: number;
  added: number;
  merged: number;
  unchanged: number;
  needs_review: number;
  not_found: number;
  invalid: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface ImportRowOutcomeRecord {
  row_number: number;
  title: string | null;
  author: string | null;
  isbn13: string | null;
  outcome: ImportRowOutcome;
  matched_by: string | null;
  confidence: number | null;
  book_id: string | null;
  user_book_id: string | null;
  candidates: unknown;
  message: string | null;
}

const SUMMARY = `id, user_id, status, format, filename, total_rows, processed_rows, added, merged, unchanged, needs_review,
  not_found, invalid, error, created_at, started_at, finished_at`;

/** Goodreads imports: the stored upload, progress counters and the outcome of every row. */
export const imports = {
  async create(sql: Sql, r: { id: string; userId: string; filename: string | null; content: string; sizeBytes: number; totalRows: number }) {
    const rows = await sql.$queryRawUnsafe<ImportRowRecord[]>(
      `INSERT INTO imports (id, user_id, filename, content, size_bytes, total_rows) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SUMMARY}`,
      r.id, r.userId, r.filename, r.content, r.sizeBytes, r.totalRows,
    );
    return rows[0]!;
  },

  async remove(sql: Sql, id: string): Promise<void> {
    await sql.$executeRawUnsafe(`DELETE FROM imports WHERE id = $1`, id);
  },

  async get(sql: Sql, userId: string, id: string): Promise<ImportRowRecord | null> {
    const rows = await sql.$queryRawUnsafe<ImportRowRecord[]>(`SELECT ${SUMMARY} FROM imports WHERE id = $1 AND user_id = $2`, id, userId);
    return rows[0] ?? null;
  },

  async list(sql: Sql, userId: string, limit = 100): Promise<ImportRowRecord[]> {
    return sql.$queryRawUnsafe<ImportRowRecord[]>(
      `SELECT ${SUMMARY} FROM imports WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      userId,
      limit,
    );
  },

  /** The job's view: the stored upload and where a previous attempt stopped. */
  async load(sql: Sql, id: string): Promise<(ImportRowRecord & { content: string | null }) | null> {
    const rows = await sql.$queryRawUnsafe<(ImportRowRecord & { content: string | null })[]>(
      `SELECT ${SUMMARY}, content FROM imports WHERE id = $1`,
      id,
    );
    return rows[0] ?? null;
  },

  async markRunning(sql: Sql, id: string): Promise<void> {
    await sql.$executeRawUnsafe(
      `UPDATE imports SET status = 'running', started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`,
      id,
    );
  },

  /** Done: the upload is dropped (its rows live on as outcomes), counters are final. */
  async markCompleted(sql: Sql, id: string): Promise<void> {
    await sql.$executeRawUnsafe(
      `UPDATE imports SET status = 'completed', content = NULL, finished_at = now(), updated_at = now() WHERE id = $1`,
      id,
    );
  },

  async markFailed(sql: Sql, id: string, error: string): Promise<void> {
    await sql.$executeRawUnsafe(
      `UPDATE imports SET status = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`,
      id,
      error.slice(0, 1_000),
    );
  },

  /** One chunk's outcomes and counters, in the chunk's transaction (so a retry resumes exactly). */
  async recordChunk(sql: Sql, id: string, processedRows: number, outcomes: ImportRowOutcomeRecord[]): Promise<void> {
    await sql.$executeRawUnsafe(
      `INSERT INTO import_rows (import_id, row_number, title, author, isbn13, outcome, matched_by, confidence, book_id, user_book_id, candidates, message)
       SELECT $1, row_number, title, author, isbn13, outcome, matched_by, confidence, book_id, user_book_id, COALESCE(candidates, '[]'::jsonb), message
         FROM jsonb_to_recordset($2::jsonb) AS x(row_number int, title text, author text, isbn13 text, outcome text, matched_by text,
              confidence float8, book_id text, user_book_id text, candidates jsonb, message text)
       ON CONFLICT DO NOTHING`,
      id,
      JSON.stringify(outcomes),
    );
    const count = (o: ImportRowOutcome) => outcomes.filter((r) => r.outcome === o).length;
    await sql.$executeRawUnsafe(
      `UPDATE imports SET processed_rows = $2, added = added + $3, merged = merged + $4, unchanged = unchanged + $5,
              needs_review = needs_review + $6, not_found = not_found + $7, invalid = invalid + $8, updated_at = now()
        WHERE id = $1`,
      id, processedRows, count('added'), count('merged'), count('unchanged'), count('needs_review'), count('not_found'), count('invalid'),
    );
  },

  async rows(sql: Sql, id: string, o: { outcome?: ImportRowOutcome; limit: number; afterRow: number }): Promise<ImportRowOutcomeRecord[]> {
    return sql.$queryRawUnsafe<ImportRowOutcomeRecord[]>(
      `SELECT row_number, title, author, isbn13, outcome, matched_by, confidence, book_id, user_book_id, candidates, message
         FROM import_rows WHERE import_id = $1 AND row_number > $2 AND ($3::text IS NULL OR outcome = $3)
        ORDER BY row_number LIMIT $4`,
      id,
      o.afterRow,
      o.outcome ?? null,
      o.limit + 1,
    );
  },
};
