// `pnpm --filter @bookshelf/library bench`: catalogue import time, search latency (p50/p95) over
// ~500 mixed queries, Goodreads import rows/s, and spine matching on synthetic shelves — all on
// a database of its own (bookshelf_bench_library), against the 10k goodbooks catalogue.
import { ulid } from 'ulid';
import type { BookRow } from '../src/data/book-row';
import { looksLikeIsbn } from '../src/domain/catalog/isbn';
import { ImportService } from '../src/domain/goodreads/import-service';
import { matchSpines } from '../src/domain/matching/spine-matcher';
import { foldText } from '../src/domain/text/normalise';
import { benchFiles, openBenchDb, prng } from './bench-db';
import { goodreadsExport } from './generate-goodreads';
import { searchQueries } from './search-queries';
import { negativeSpine, positiveSpine } from './synthetic-spines';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

const db = await openBenchDb({ fresh: true });
const results: Record<string, unknown> = {};
try {
  // 1. Catalogue import, cold and then again (idempotent: nothing changes).
  console.log(`catalogue: ${benchFiles().booksFile}`);
  const cold = await db.loadCatalogue();
  const warm = await db.loadCatalogue();
  console.log(`catalogue import: ${cold.rows} books in ${(cold.ms / 1000).toFixed(2)} s (${Math.round(cold.rows / (cold.ms / 1000))} rows/s); ` +
    `re-run ${(warm.ms / 1000).toFixed(2)} s, ${warm.unchanged} unchanged, ${warm.inserted + warm.updated} changed`);
  results.catalogImportSeconds = cold.ms / 1000;
  results.catalogReimportSeconds = warm.ms / 1000;

  const books = await db.prisma.$queryRawUnsafe<BookRow[]>(
    `SELECT id, title, subtitle, series, series_number, authors, isbn10, isbn13, ratings_count FROM books ORDER BY id`,
  );

  // 2. Search: warm-up, then ~500 mixed queries; hit@1 where the query names one book.
  const queries = searchQueries(books, 500, prng(42));
  for (const q of queries.slice(0, 50)) await db.catalog.search({ q: q.q, limit: 20 });
  const times: number[] = [];
  let named = 0;
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    const page = await db.catalog.search({ q: q.q, limit: 20 });
    times.push(performance.now() - t);
    if (q.bookId) {
      named++;
      const top = page.items[0];
      const target = books.find((b) => b.id === q.bookId)!;
      if (top && (top.id === q.bookId || (foldText(top.title) === foldText(target.title) && top.authors[0] === target.authors[0]))) hits++;
    }
  }
  const isbnQueries = queries.filter((q) => looksLikeIsbn(q.q)).length;
  console.log(`search: ${queries.length} queries (${isbnQueries} ISBN) — p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, p99 ${ms(pct(times, 99))}, ` +
    `max ${ms(Math.max(...times))}; right book first for ${hits}/${named} (${((hits / named) * 100).toFixed(1)}%)`);
  results.searchP50Ms = pct(times, 50);
  results.searchP95Ms = pct(times, 95);
  results.searchHitAt1 = hits / named;

  // 3. Goodreads import: a 5,000-row export, then the same file again.
  const { csv, expectedInCatalogue } = goodreadsExport(books, 5_000, prng(7));
  const userId = `usr_${ulid()}`;
  let enqueued = '';
  const imports = new ImportService(db.prisma, db.transact, db.books, db.catalog, { enqueueImport: async (id) => void (enqueued = id) }, 50_000);
  for (const round of ['first', 'again']) {
    const t = performance.now();
    const created = await imports.create(userId, { text: csv, filename: 'bench.csv', sizeBytes: Buffer.byteLength(csv) });
    const done = (await imports.run(enqueued, userId, async () => undefined))!;
    const s = (performance.now() - t) / 1000;
    console.log(`goodreads import (${round}): ${created.totalRows} rows in ${s.toFixed(2)} s (${Math.round(created.totalRows / s)} rows/s) — ` +
      Object.entries(done.counts).map(([k, v]) => `${k} ${v}`).join(', ') + (round === 'first' ? ` (${expectedInCatalogue} rows name catalogue books)` : ''));
    results[round === 'first' ? 'importRowsPerSecond' : 'reimportRowsPerSecond'] = created.totalRows / s;
  }

  // 4. Spine matching: 20 synthetic shelves of 25 spines (a third not in the catalogue).
  const rnd = prng(99);
  const vocabulary = [...new Set(books.flatMap((b) => foldText(b.title).split(' ')).filter((w) => w.length >= 4))];
  const shelfTimes: number[] = [];
  let suggested = 0;
  let right = 0;
  let present = 0;
  for (let shelf = 0; shelf < 20; shelf++) {
    const spines = Array.from({ length: 25 }, () => (rnd() < 0.67 ? positiveSpine(books[Math.floor(rnd() * books.length)]!, rnd) : negativeSpine(books, vocabulary, rnd)));
    const t = performance.now();
    const result = await matchSpines(db.books, db.catalog, spines.map((s, i) => ({ detectionId: `d${i}`, texts: s.lines })));
    shelfTimes.push(performance.now() - t);
    result.spines.forEach((r, i) => {
      const truth = spines[i]!.bookId;
      if (truth) present++;
      if (!r.suggestedBookId) return;
      suggested++;
      const a = books.find((b) => b.id === r.suggestedBookId)!;
      const b = truth ? books.find((x) => x.id === truth)! : null;
      if (b && (a.id === b.id || (foldText(a.title) === foldText(b.title) && a.authors[0] === b.authors[0]))) right++;
    });
  }
  console.log(`spine matching: 25-spine shelf in ${ms(pct(shelfTimes, 50))} median; suggestions ${suggested}, precision ${((right / suggested) * 100).toFixed(1)}%, ` +
    `recall ${((right / present) * 100).toFixed(1)}% of ${present} catalogue books (synthetic OCR noise)`);
  results.spineShelfMedianMs = pct(shelfTimes, 50);
  results.spinePrecision = right / suggested;
  results.spineRecall = right / present;
  console.log(`BENCH_RESULT library ${JSON.stringify(results)}`);
} finally {
  await db.close();
}
