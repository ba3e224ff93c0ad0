import type { JobPayload } from '@bookshelf/contracts';
import type { BookRepository } from '../../data/book-repository';
import type { Sql } from '../../data/prisma';
import { sourceRecords } from '../../data/source-records';
import type { BookSource, SourceBook } from '../../sources/book-source';
import type { CircuitBreaker } from '../../sources/circuit-breaker';
import { SourceRejectedError } from '../../sources/source-errors';
import { confidentPick, listingConfidence } from '../matching/title-author-match';
import type { CatalogSink } from './catalog-import';

export type EnrichOutcome =
  | { outcome: 'already_known'; bookId: string }
  | { outcome: 'added'; bookId: string; source: string; sourceId: string; matchedBy: 'isbn' | 'title_author'; confidence: number }
  | { outcome: 'not_found' | 'no_confident_match' };

export interface EnrichSource {
  source: BookSource;
  breaker: CircuitBreaker;
}

/**
 * catalog.enrich: asks an external catalogue about a book ours lacks. By ISBN the edition is
 * exact; by title + author only a confident, unambiguous match (the import's threshold) is taken.
 * The book is upserted like any catalogue row (ISBN owners respected) and the raw answer kept.
 */
export class EnrichService {
  constructor(
    private readonly sql: Sql,
    private readonly books: BookRepository,
    private readonly sink: CatalogSink,
    private readonly sources: Record<JobPayload<'catalog.enrich'>['source'], EnrichSource>,
  ) {}

  async run(p: JobPayload<'catalog.enrich'>, signal?: AbortSignal): Promise<EnrichOutcome> {
    const { source, breaker } = this.sources[p.source];
    if (p.isbn13) {
      const [known] = await this.books.byIsbn13s([p.isbn13]);
      if (known) return { outcome: 'already_known', bookId: known.id };
      const found = await breaker.run(() => source.byIsbn(p.isbn13!, signal));
      if (found) return this.store(found, 'isbn', 1);
    }
    if (!p.title) return { outcome: 'not_found' };
    let outcome = await this.searchFor(p.title, p.author, source, breaker, signal);
    // A spine's readings do not say which line is the title: try the other way round too.
    if (outcome.outcome !== 'added' && p.reason === 'scan' && p.author) {
      const swapped = await this.searchFor(p.author, p.title, source, breaker, signal);
      if (swapped.outcome === 'added' || outcome.outcome === 'not_found') outcome = swapped;
    }
    return outcome;
  }

  private async searchFor(title: string, author: string | null, source: BookSource, breaker: CircuitBreaker, signal?: AbortSignal): Promise<EnrichOutcome> {
    const candidates = await breaker.run(() => source.search(title, author, signal));
    const listing = { title, subtitle: null, authors: author ? [author] : [] };
    const scored = candidates.map((c) => ({ item: { ...c.book, raw: c.raw }, confidence: listingConfidence(listing, c.book) }));
    const pick = confidentPick(scored);
    if (!pick) return { outcome: candidates.length ? 'no_confident_match' : 'not_found' };
    return this.store({ book: pick.item, raw: pick.item.raw }, 'title_author', pick.confidence);
  }

  private async store(found: SourceBook, matchedBy: 'isbn' | 'title_author', confidence: number): Promise<EnrichOutcome> {
    const { book } = found;
    if (!book.title.trim()) throw new SourceRejectedError(`${book.source}: a book without a title`);
    await this.sink.upsertBatch([book]);
    // The upsert may have merged into a book we already had under this ISBN.
    const [row] = (await this.books.bySourceIds(book.source, [book.sourceId])).concat(book.isbn13 ? await this.books.byIsbn13s([book.isbn13]) : []);
    if (!row) throw new Error(`${book.source} ${book.sourceId}: upserted book not found`);
    await sourceRecords.save(this.sql, { source: book.source, sourceId: book.sourceId, bookId: row.id, payload: found.raw });
    return { outcome: 'added', bookId: row.id, source: book.source, sourceId: book.sourceId, matchedBy, confidence };
  }
}
