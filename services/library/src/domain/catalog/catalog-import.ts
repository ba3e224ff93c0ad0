import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { CatalogBookInput } from './catalog-book';
import { GOODBOOKS_REQUIRED_COLUMNS, goodbooksBook, parseGenres } from './goodbooks-row';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

/** Where catalogue books go (the repository in production). */
export interface CatalogSink {
  upsertBatch(books: CatalogBookInput[]): Promise<UpsertCounts>;
  /** Called once after the last batch (statistics, clean-up). */
  finish?(): Promise<void>;
}

export interface CatalogImportProgress {
  rows: number;
  /** 0..100, by bytes read. */
  percent: number;
}

export interface CatalogImportResult extends UpsertCounts {
  rows: number;
  invalid: number;
  ms: number;
}

export class CatalogFileError extends Error {
  override name = 'CatalogFileError';
}

function csvRecords(file: string) {
  return createReadStream(file).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: false, info: true }),
  ) as AsyncIterable<{ record: Record<string, string>; info: { bytes: number } }> & { destroy(): void };
}

/** book_id,goodreads_book_id,genres → genres by book_id and by goodreads id. */
export async function readGenres(file: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const { record } of csvRecords(file)) {
    if (!('genres' in record)) throw new CatalogFileError(`${file}: expected a "genres" column`);
    const genres = parseGenres(record.genres);
    if (record.book_id) out.set(`b:${record.book_id}`, genres);
    if (record.goodreads_book_id) out.set(`g:${record.goodreads_book_id}`, genres);
  }
  return out;
}

/**
 * Loads a goodbooks-format CSV into the catalogue in batches. Upserts are idempotent: running the
 * same files twice reports every row unchanged the second time.
 */
export async function importCatalog(opts: {
  booksFile: string;
  genresFile?: string | null;
  sink: CatalogSink;
  batchSize?: number;
  onProgress?: (p: CatalogImportProgress) => void | Promise<void>;
  signal?: AbortSignal;
}): Promise<CatalogImportResult> {
  const started = Date.now();
  const size = (await stat(opts.booksFile)).size || 1;
  const genres = opts.genresFile ? await readGenres(opts.genresFile) : new Map<string, string[]>();
  const batchSize = opts.batchSize ?? 1_000;
  const totals: CatalogImportResult = { rows: 0, invalid: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, ms: 0 };
  let batch: CatalogBookInput[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const counts = await opts.sink.upsertBatch(batch);
    totals.inserted += counts.inserted;
    totals.updated += counts.updated;
    totals.unchanged += counts.unchanged;
    totals.skipped += counts.skipped;
    batch = [];
    await opts.onProgress?.({ rows: totals.rows, percent: Math.min(100, Math.round((bytes / size) * 100)) });
  };
  let checkedHeader = false;
  for await (const { record, info } of csvRecords(opts.booksFile)) {
    if (!checkedHeader) {
      const missing = GOODBOOKS_REQUIRED_COLUMNS.filter((c) => !(c in record));
      if (missing.length) throw new CatalogFileError(`${opts.booksFile}: missing column(s) ${missing.join(', ')}`);
      checkedHeader = true;
    }
    opts.signal?.throwIfAborted();
    totals.rows++;
    bytes = info.bytes;
    const book = goodbooksBook(record, genres.get(`b:${record.book_id}`) ?? genres.get(`g:${record.goodreads_book_id}`) ?? []);
    if (!book) totals.invalid++;
    else batch.push(book);
    if (batch.length >= batchSize) await flush();
  }
  bytes = size;
  await flush();
  await opts.sink.finish?.();
  totals.ms = Date.now() - started;
  return totals;
}
