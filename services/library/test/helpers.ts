import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { REPO_ROOT } from '@bookshelf/db';
import { ApiClient, type System } from '@bookshelf/testkit';

/** A signed-in reader: their API client and internal user id. */
export interface Reader {
  api: ApiClient;
  id: string;
}

let readers = 0;

export async function reader(sys: System, name = 'reader'): Promise<Reader> {
  const api = new ApiClient(sys.gatewayUrl, await sys.idp.token(`${name}-${++readers}-${Date.now()}`));
  const me = await api.get<{ id: string }>('/v1/me');
  return { api, id: me.id };
}

export const GOODBOOKS = join(REPO_ROOT, '..', 'shared', 'data', 'goodbooks');
export const hasGoodbooks = existsSync(join(GOODBOOKS, 'books.csv'));

export interface BookHit {
  id: string;
  title: string;
  subtitle: string | null;
  authors: string[];
  isbn13: string | null;
  isbn10: string | null;
  score: number;
}

export async function findBook(api: ApiClient, q: string): Promise<BookHit> {
  const page = await api.get<{ items: BookHit[] }>(`/v1/books/search?q=${encodeURIComponent(q)}&limit=1`);
  const hit = page.items[0];
  if (!hit) throw new Error(`no book found for "${q}"`);
  return hit;
}

/** Runs a job on the library queue as another service would, and waits for its return value. */
export async function runLibraryJob<T>(sys: System, name: string, payload: unknown, jobId?: string): Promise<T> {
  const connection = new Redis(sys.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue('library', { connection, prefix: sys.env.QUEUE_PREFIX });
  const events = new QueueEvents('library', { connection: connection.duplicate(), prefix: sys.env.QUEUE_PREFIX });
  try {
    await events.waitUntilReady();
    const job = await queue.add(name, { meta: { requestId: 'test' }, payload }, jobId ? { jobId } : {});
    return (await job.waitUntilFinished(events, 60_000)) as T;
  } finally {
    await events.close();
    await queue.close();
    connection.disconnect();
  }
}
