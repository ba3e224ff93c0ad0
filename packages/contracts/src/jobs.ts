import { z } from 'zod';
import { BookId, ImportId, ScanId, UserId } from './ids';
import { EVENT_SCHEMAS, type EventType } from './events';
import { QUEUES, type QueueName } from './queues';

/** Command payloads: ids, never entities or secrets. */
export const CommandSchemas = {
  'catalog.import': z.object({
    booksFile: z.string().min(1),
    genresFile: z.string().min(1).nullable(),
  }),
  'catalog.match-spines': z.object({
    scanId: ScanId,
    userId: UserId,
    spines: z
      .array(
        z.object({
          detectionId: z.string(),
          texts: z.array(z.object({ text: z.string().max(500), confidence: z.number().min(0).max(1) })).max(20),
        }),
      )
      .max(500),
  }),
  'library.add-from-scan': z.object({
    scanId: ScanId,
    userId: UserId,
    items: z
      .array(
        z.object({
          detectionId: z.string(),
          bookId: BookId,
          shelfLabel: z.string().max(100).nullable(),
          position: z.number().int().nonnegative(),
        }),
      )
      .max(500),
  }),
  'library.import-goodreads': z.object({ importId: ImportId, userId: UserId }),
  /**
   * Ask an external catalogue (Open Library today) about a book ours lacks: by ISBN when one is
   * known, else by title + author. The book found is upserted with its source id and raw payload.
   */
  'catalog.enrich': z
    .object({
      source: z.enum(['open-library']).default('open-library'),
      isbn13: z.string().regex(/^97[89][0-9]{10}$/).nullable().default(null),
      title: z.string().trim().min(1).max(300).nullable().default(null),
      author: z.string().trim().min(1).max(300).nullable().default(null),
      reason: z.enum(['add-by-isbn', 'import', 'scan']),
    })
    .refine((p) => p.isbn13 !== null || p.title !== null, { message: 'give isbn13 or title' }),
  'scan.detect': z.object({ scanId: ScanId, userId: UserId }),
  'scan.finalize': z.object({ scanId: ScanId, userId: UserId }),
  /** Periodic: re-sends scan.detect for scans left queued with no job (a crash between insert and enqueue). */
  'scan.requeue-stuck': z.object({}),
  'recs.train': z.object({ reason: z.enum(['schedule', 'manual', 'startup']).default('schedule') }),
  'recs.train-batch': z.object({ modelVersion: z.string(), userIds: z.array(UserId).max(5000) }),
  'recs.refresh-user': z.object({ userId: UserId }),
  /** Parent of a training run's batches: runs once they all finished and records the run. */
  'recs.train-finalize': z.object({ modelVersion: z.string() }),
} as const;
export type CommandName = keyof typeof CommandSchemas;

export type JobName = CommandName | EventType;

export interface JobPolicy {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}

const DEFAULT_POLICY: JobPolicy = { attempts: 5, backoffMs: 1_000, timeoutMs: 30_000 };

/** Which queue runs each command, with its retry policy and timeout. */
export const COMMANDS: Record<CommandName, JobPolicy & { queue: QueueName }> = {
  'catalog.import': { queue: QUEUES.library, attempts: 3, backoffMs: 5_000, timeoutMs: 10 * 60_000 },
  'catalog.match-spines': { queue: QUEUES.library, attempts: 5, backoffMs: 1_000, timeoutMs: 60_000 },
  'library.add-from-scan': { queue: QUEUES.library, ...DEFAULT_POLICY },
  'library.import-goodreads': { queue: QUEUES.library, attempts: 3, backoffMs: 5_000, timeoutMs: 10 * 60_000 },
  'catalog.enrich': { queue: QUEUES.library, attempts: 5, backoffMs: 5_000, timeoutMs: 60_000 },
  'scan.detect': { queue: QUEUES.scanInference, attempts: 3, backoffMs: 2_000, timeoutMs: 120_000 },
  'scan.finalize': { queue: QUEUES.scan, ...DEFAULT_POLICY },
  'scan.requeue-stuck': { queue: QUEUES.scan, attempts: 1, backoffMs: 1_000, timeoutMs: 60_000 },
  'recs.train': { queue: QUEUES.recommender, attempts: 2, backoffMs: 30_000, timeoutMs: 30 * 60_000 },
  'recs.train-batch': { queue: QUEUES.recommender, attempts: 5, backoffMs: 2_000, timeoutMs: 5 * 60_000 },
  'recs.refresh-user': { queue: QUEUES.recommender, ...DEFAULT_POLICY },
  'recs.train-finalize': { queue: QUEUES.recommender, attempts: 5, backoffMs: 2_000, timeoutMs: 60_000 },
};

/** Which queues receive each event (the outbox relay fans out to all of them). */
export const SUBSCRIPTIONS: Record<EventType, { queues: QueueName[] } & JobPolicy> = {
  'user.provisioned': { queues: [QUEUES.recommender], ...DEFAULT_POLICY },
  'user.preferences-updated': { queues: [QUEUES.recommender], ...DEFAULT_POLICY },
  'user.deleted': { queues: [QUEUES.library, QUEUES.scan, QUEUES.recommender], ...DEFAULT_POLICY, attempts: 10 },
  'catalog.book-upserted': { queues: [QUEUES.recommender], ...DEFAULT_POLICY },
  'library.book-added': { queues: [QUEUES.recommender], ...DEFAULT_POLICY },
  'library.book-updated': { queues: [QUEUES.recommender], ...DEFAULT_POLICY },
  'library.book-removed': { queues: [QUEUES.recommender], ...DEFAULT_POLICY },
};

export function payloadSchema(name: JobName): z.ZodType {
  if (name in CommandSchemas) return CommandSchemas[name as CommandName];
  return EVENT_SCHEMAS[name as EventType];
}

export function jobPolicy(name: JobName): JobPolicy {
  if (name in COMMANDS) return COMMANDS[name as CommandName];
  return SUBSCRIPTIONS[name as EventType];
}

/** Every job name a queue's worker must handle: its commands plus its subscribed events. */
export function jobsForQueue(queue: QueueName): JobName[] {
  const commands = (Object.keys(COMMANDS) as CommandName[]).filter((n) => COMMANDS[n].queue === queue);
  const events = (Object.keys(SUBSCRIPTIONS) as EventType[]).filter((e) => SUBSCRIPTIONS[e].queues.includes(queue));
  return [...commands, ...events];
}

export type JobPayload<N extends JobName> = N extends CommandName
  ? z.infer<(typeof CommandSchemas)[N]>
  : N extends EventType
    ? z.infer<(typeof EVENT_SCHEMAS)[N]>
    : never;

/** Metadata every job carries next to its payload: where it came from, for logs and tracing. */
export const JobMeta = z.object({
  requestId: z.string().max(100).optional(),
  eventId: z.string().optional(),
  occurredAt: z.string().optional(),
});
export type JobMeta = z.infer<typeof JobMeta>;

export interface JobEnvelope<N extends JobName = JobName> {
  meta: JobMeta;
  payload: JobPayload<N>;
}
