import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { QUEUES, type BookSummary, type JobPayload, type MatchSpinesResult } from '@bookshelf/contracts';

export interface CatalogueBook {
  title: string;
  author: string;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Plays the library service's queue (real Redis, real BullMQ) until that service exists:
 * matches spine texts against a small catalogue and records add-from-scan commands.
 */
export class FakeLibrary {
  readonly books: BookSummary[];
  readonly matchCalls: JobPayload<'catalog.match-spines'>[] = [];
  readonly added: { jobId: string | undefined; payload: JobPayload<'library.add-from-scan'> }[] = [];
  failMatching = false;
  private readonly worker: Worker;
  private readonly redis: Redis;

  constructor(redisUrl: string, prefix: string, catalogue: CatalogueBook[]) {
    this.books = catalogue.map((b) => ({
      id: `bk_${ulid()}`,
      title: b.title,
      authors: [b.author],
      series: null,
      seriesNumber: null,
      publicationYear: null,
      coverUrl: null,
      isbn13: null,
    }));
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker(QUEUES.library, (job) => this.handle(job), { connection: this.redis, prefix, concurrency: 2 });
    this.worker.on('error', () => undefined);
  }

  bookByTitle(title: string): BookSummary {
    const book = this.books.find((b) => b.title === title);
    if (!book) throw new Error(`no book "${title}"`);
    return book;
  }

  private async handle(job: Job): Promise<unknown> {
    const { payload } = job.data as { payload: unknown };
    if (job.name === 'catalog.match-spines') {
      // Unrecoverable: fails for good at once instead of after the whole retry schedule.
      if (this.failMatching) throw new UnrecoverableError('catalogue unavailable');
      const p = payload as JobPayload<'catalog.match-spines'>;
      this.matchCalls.push(p);
      return this.match(p);
    }
    if (job.name === 'library.add-from-scan') {
      this.added.push({ jobId: job.id, payload: payload as JobPayload<'library.add-from-scan'> });
    }
    return null;
  }

  private match(p: JobPayload<'catalog.match-spines'>): MatchSpinesResult {
    return {
      spines: p.spines.map((s) => {
        const text = norm(s.texts.map((t) => t.text).join(' '));
        const candidates = this.books
          .filter((b) => text.includes(norm(b.title)))
          .map((book) => ({ book, confidence: 0.9, matchedBy: 'title' as const }));
        return { detectionId: s.detectionId, candidates, suggestedBookId: candidates[0]?.book.id ?? null };
      }),
    };
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.redis.quit();
  }
}
