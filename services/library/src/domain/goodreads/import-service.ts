import { ulid } from 'ulid';
import { z } from 'zod';
import type { ImportRowOutcome, ImportSummary } from '@bookshelf/contracts';
import { NotFoundError, ValidationError } from '@bookshelf/platform';
import { accounts } from '../../data/account-repository';
import type { BookRepository } from '../../data/book-repository';
import { imports, type ImportRowOutcomeRecord, type ImportRowRecord } from '../../data/import-repository';
import type { Sql } from '../../data/prisma';
import type { Transact } from '../../data/transactor';
import type { CatalogService } from '../catalog/catalog-service';
import type { EnrichmentRequester } from '../catalog/enrichment-request';
import { decodeCursor, encodeCursor } from '../cursor';
import { GoodreadsCsvError, parseGoodreadsCsv } from './goodreads-csv';
import { goodreadsEntry } from './goodreads-entry';
import { applyChunk } from './import-chunk';
import { matchEntries } from './import-matcher';

export interface Upload {
  text: string;
  filename: string | null;
  sizeBytes: number;
}

/** The one command the import sends: kept narrow so tests and the service wire it the same way. */
export interface ImportJobs {
  enqueueImport(importId: string, userId: string): Promise<void>;
  /** Rows nobody matched with confidence are looked up in an external catalogue. */
  requestEnrichment?: EnrichmentRequester;
}

const CHUNK = 250;
const RowCursor = z.object({ r: z.number().int() });
const OUTCOMES: ImportRowOutcome[] = ['added', 'merged', 'unchanged', 'needs_review', 'not_found', 'invalid'];

export function toSummary(r: ImportRowRecord): ImportSummary {
  return {
    id: r.id,
    status: r.status,
    format: r.format,
    filename: r.filename,
    totalRows: r.total_rows,
    processedRows: r.processed_rows,
    counts: Object.fromEntries(OUTCOMES.map((o) => [o, r[o]])) as ImportSummary['counts'],
    error: r.error,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** Goodreads imports: checked and stored on upload, matched and applied by a job in chunks. */
export class ImportService {
  constructor(
    private readonly sql: Sql,
    private readonly transact: Transact,
    private readonly books: BookRepository,
    private readonly catalog: CatalogService,
    private readonly jobs: ImportJobs,
    private readonly maxRows: number,
  ) {}

  /** Nothing is stored unless the whole file parses; nothing is left behind if the job cannot be queued. */
  async create(userId: string, upload: Upload): Promise<ImportSummary> {
    let rows: number;
    try {
      rows = parseGoodreadsCsv(upload.text, this.maxRows).length;
    } catch (err) {
      if (err instanceof GoodreadsCsvError) throw new ValidationError([{ path: 'file', message: err.message }], 'The file cannot be imported');
      throw err;
    }
    const id = `imp_${ulid()}`;
    const rec = await imports.create(this.sql, { id, userId, filename: upload.filename, content: upload.text, sizeBytes: upload.sizeBytes, totalRows: rows });
    try {
      await this.jobs.enqueueImport(id, userId);
    } catch (err) {
      await imports.remove(this.sql, id);
      throw err;
    }
    return toSummary(rec);
  }

  async list(userId: string): Promise<{ items: ImportSummary[] }> {
    return { items: (await imports.list(this.sql, userId)).map(toSummary) };
  }

  async get(userId: string, id: string, q: { outcome?: ImportRowOutcome; limit: number; cursor?: string }) {
    const rec = /^imp_[0-9A-HJKMNP-TV-Z]{26}$/.test(id) ? await imports.get(this.sql, userId, id) : null;
    if (!rec) throw new NotFoundError('No such import');
    const after = decodeCursor(q.cursor, RowCursor);
    const rows = await imports.rows(this.sql, id, { outcome: q.outcome, limit: q.limit, afterRow: after?.r ?? 0 });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      ...toSummary(rec),
      rows: {
        items: page.map(toRow),
        nextCursor: rows.length > q.limit && last ? encodeCursor({ r: last.row_number }) : null,
      },
    };
  }

  /**
   * The job: resumes after the last committed chunk, so a retry after a crash neither skips nor
   * repeats rows; each chunk's entries, events, outcomes and counters commit together.
   */
  async run(importId: string, userId: string, progress: (done: number, total: number) => Promise<void>): Promise<ImportSummary | null> {
    const rec = await imports.load(this.sql, importId);
    if (!rec || rec.user_id !== userId) return null;
    if (rec.status === 'completed' || rec.status === 'failed' || rec.content === null) return toSummary(rec);
    await imports.markRunning(this.sql, importId);
    const records = parseGoodreadsCsv(rec.content, Number.MAX_SAFE_INTEGER);
    const entries = records.map((r, i) => goodreadsEntry(r, i + 1));
    for (let start = rec.processed_rows; start < entries.length; start += CHUNK) {
      // The reader deleted their account meanwhile: stop adding to a library that is gone.
      if (await accounts.isDeleted(this.sql, userId)) return null;
      const chunk = entries.slice(start, start + CHUNK);
      const valid = chunk.filter((e) => !('invalid' in e));
      const matches = await matchEntries(valid as Exclude<(typeof chunk)[number], { invalid: string }>[], this.books, this.catalog);
      await this.transact(async (tx) => {
        const outcomes = await applyChunk(tx, userId, importId, chunk, matches);
        await imports.recordChunk(tx, importId, start + chunk.length, outcomes);
        return outcomes;
      }, { long: true }).then((outcomes) => this.enrichUnmatched(outcomes));
      await progress(Math.min(entries.length, start + chunk.length), entries.length);
    }
    await imports.markCompleted(this.sql, importId);
    const done = await imports.get(this.sql, userId, importId);
    return done ? toSummary(done) : null;
  }

  /** Rows without a confident match: maybe an external catalogue knows the book (best effort). */
  private async enrichUnmatched(outcomes: ImportRowOutcomeRecord[]): Promise<void> {
    const reqs = outcomes
      .filter((o) => (o.outcome === 'not_found' || o.outcome === 'needs_review') && (o.isbn13 || o.title))
      .map((o) => ({ isbn13: o.isbn13, title: o.title, author: o.author, reason: 'import' as const }));
    if (reqs.length && this.jobs.requestEnrichment) await this.jobs.requestEnrichment(reqs).catch(() => undefined);
  }

  async fail(importId: string, error: string): Promise<void> {
    await imports.markFailed(this.sql, importId, error);
  }
}

function toRow(r: ImportRowOutcomeRecord) {
  return {
    row: r.row_number,
    title: r.title,
    author: r.author,
    isbn13: r.isbn13,
    outcome: r.outcome,
    matchedBy: r.matched_by as 'book_id' | 'isbn13' | 'isbn10' | 'title_author' | null,
    confidence: r.confidence,
    bookId: r.book_id,
    userBookId: r.user_book_id,
    candidates: (r.candidates ?? []) as { book: never; confidence: number }[],
    message: r.message,
  };
}
