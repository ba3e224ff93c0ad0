import type { HandlerSet, JobContext } from '@bookshelf/platform';
import { eventStamp } from '../domain/projections/event-stamp';
import type { ProjectionService } from '../domain/projections/projection-service';

const stamp = (ctx: JobContext, occurredAt?: string) => eventStamp(ctx.meta, ctx.job.id, occurredAt);

/** Users, catalogue and library events → the recommender's projections. */
export function eventHandlers(projections: ProjectionService): HandlerSet {
  return {
    'catalog.book-upserted': (p, ctx) => projections.bookUpserted(stamp(ctx), p),
    'user.provisioned': (p, ctx) => projections.readerProvisioned(stamp(ctx), p),
    'user.preferences-updated': (p, ctx) => projections.preferencesUpdated(stamp(ctx), p),
    'user.deleted': (p, ctx) => projections.readerDeleted(stamp(ctx), p),
    'library.book-added': (p, ctx) => projections.libraryChanged(stamp(ctx, p.occurredAt), p),
    'library.book-updated': (p, ctx) => projections.libraryChanged(stamp(ctx, p.occurredAt), p),
    'library.book-removed': (p, ctx) => projections.libraryRemoved(stamp(ctx, p.occurredAt), p),
  };
}
