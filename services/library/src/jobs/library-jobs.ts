import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { claimEvent, type HandlerSet } from '@bookshelf/platform';
import { accounts } from '../data/account-repository';
import type { BookRepository } from '../data/book-repository';
import { SCHEMA } from '../data/prisma';
import type { Transact } from '../data/transactor';
import { CatalogFileError, importCatalog, type CatalogSink } from '../domain/catalog/catalog-import';
import type { CatalogService } from '../domain/catalog/catalog-service';
import type { EnrichService } from '../domain/catalog/enrich-service';
import type { ImportService } from '../domain/goodreads/import-service';
import type { EnrichmentRequester } from '../domain/catalog/enrichment-request';
import { unmatchedSpineLookups } from '../domain/matching/spine-lookups';
import { matchSpines } from '../domain/matching/spine-matcher';
import { addFromScan } from '../domain/scan/add-from-scan';
import { CircuitOpenError, SourceRejectedError } from '../sources/source-errors';
import type { SourceRateLimit } from '../sources/source-rate-limit';

export interface LibraryJobDeps {
  transact: Transact;
  books: BookRepository;
  catalog: CatalogService;
  catalogSink: CatalogSink;
  catalogLock<T>(work: () => Promise<T>): Promise<T>;
  imports: ImportService;
  enrich: EnrichService;
  sourceRateLimit: SourceRateLimit;
  requestEnrichment: EnrichmentRequester;
}

/** Puts the job back for later without spending one of its attempts (rate limit, open circuit). */
async function deferJob(job: Job, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(ms, 1), job.token);
  throw new DelayedError();
}

/** Every job routed to the library queue (the worker refuses to start if one is missing). */
export function libraryJobs(d: LibraryJobDeps): HandlerSet {
  return {
    'catalog.import': async (p, ctx) => {
      try {
        return await d.catalogLock(() =>
          importCatalog({
            booksFile: p.booksFile,
            genresFile: p.genresFile,
            sink: d.catalogSink,
            signal: ctx.signal,
            onProgress: (pr) => ctx.job.updateProgress({ rows: pr.rows, percent: pr.percent }),
          }),
        );
      } catch (err) {
        // A missing or malformed file will not get better on retry.
        if (err instanceof CatalogFileError || (err as { code?: string }).code === 'ENOENT') throw new UnrecoverableError(String(err));
        throw err;
      }
    },

    'catalog.match-spines': async (p) => {
      const result = await matchSpines(d.books, d.catalog, p.spines);
      // Best effort: the scan's answer does not wait for, or fail on, external lookups.
      await d.requestEnrichment(unmatchedSpineLookups(p.spines, result)).catch(() => undefined);
      return result;
    },

    'library.add-from-scan': async (p) => addFromScan(d.transact, d.books, p),

    'catalog.enrich': async (p, ctx) => {
      const wait = await d.sourceRateLimit.take(p.source);
      if (wait > 0) return deferJob(ctx.job, wait);
      try {
        return await d.enrich.run(p, ctx.signal);
      } catch (err) {
        // An open circuit says when to come back; HTTP failures spend an attempt (exponential backoff).
        if (err instanceof CircuitOpenError) return deferJob(ctx.job, err.retryAfterMs ?? 1_000);
        if (err instanceof SourceRejectedError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },

    'library.import-goodreads': async (p, ctx) => {
      try {
        return await d.imports.run(p.importId, p.userId, (done, total) =>
          ctx.job.updateProgress({ processed: done, total, percent: total ? Math.round((done / total) * 100) : 100 }),
        );
      } catch (err) {
        if (ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? 1)) await d.imports.fail(p.importId, String(err instanceof Error ? err.message : err));
        throw err;
      }
    },

    'user.deleted': async (p, ctx) => {
      const eventId = ctx.meta.eventId ?? `job:${ctx.job.id}`;
      return d.transact(async (tx) => {
        if (!(await claimEvent(tx, SCHEMA, 'library.purge-user', eventId))) return { duplicate: true };
        return accounts.purge(tx, p.userId);
      }, { long: true });
    },
  };
}
