import { openBenchDb } from '@bookshelf/library/bench-db';
import { matchSpines } from '@bookshelf/library/spine-matching';
import type { DetectedSpine } from '../../src/domain/pipeline';

/** One suggestion of the library's matcher, in Goodreads ids so the truth can be looked up. */
export interface Proposal {
  readonly spine: number;
  readonly goodreadsId: number;
  readonly title: string;
  readonly confidence: number;
}

export interface LibraryMatcher {
  match(spines: readonly DetectedSpine[]): Promise<Proposal[]>;
  close(): Promise<void>;
}

/**
 * The library service's own matcher (the code `catalog.match-spines` runs) against the goodbooks
 * catalogue imported into the library benchmark's database, so the figures are the product's,
 * minus the queue hop. Needs Postgres (DATABASE_URL).
 */
export async function openLibraryMatcher(): Promise<LibraryMatcher> {
  const db = await openBenchDb({ fresh: false });
  await db.loadCatalogue();
  const rows = await db.prisma.$queryRawUnsafe<{ id: string; source_id: string }[]>(`SELECT id, source_id FROM books WHERE source = 'goodreads'`);
  const goodreadsId = new Map(rows.map((r) => [r.id, Number(r.source_id)]));
  return {
    async match(spines) {
      const payload = spines.map((s, i) => ({ detectionId: String(i), texts: s.texts.map((t) => ({ text: t.text, confidence: t.confidence })) }));
      const result = await matchSpines(db.books, db.catalog, payload.filter((p) => p.texts.length > 0));
      const proposals: Proposal[] = [];
      for (const r of result.spines) {
        const chosen = r.candidates.find((c) => c.book.id === r.suggestedBookId);
        const id = r.suggestedBookId ? goodreadsId.get(r.suggestedBookId) : undefined;
        if (chosen && id !== undefined) proposals.push({ spine: Number(r.detectionId), goodreadsId: id, title: chosen.book.title, confidence: chosen.confidence });
      }
      return proposals;
    },
    close: () => db.close(),
  };
}
