import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@bookshelf/db';
import { ApiClient, eventually, freePort, freshDatabase, freshQueuePrefix, startSystem, waitForHttp, type System } from '@bookshelf/testkit';
import { sampleCatalog } from '../src/domain/catalog/sample-catalog';
import { HEADER_24, goodreadsLine } from '../src/domain/goodreads/goodreads-fixtures';

/**
 * The library process SIGKILLed in the middle of a large Goodreads import: a new process
 * finishes it, and its effect happens exactly once — every row has one outcome, every matched
 * book is in the library once, counts add up, the import is complete.
 */

const ROWS = 12_000;
const SECRET = 'test-internal-secret-0123456789abcdef';

let sys: System;
let env: NodeJS.ProcessEnv;
let db: pg.Pool;
let api: ApiClient;
let userId: string;
const children: ChildProcess[] = [];

async function spawnLibrary(): Promise<ChildProcess> {
  // node itself runs the entry (not the tsx CLI, which would survive as an orphan of a SIGKILLed wrapper).
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'services/library/src/main.ts')], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  await waitForHttp(`${env.LIBRARY_URL}/healthz`, 90_000);
  return child;
}

interface ImportDetail {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  counts: Record<string, number>;
}

beforeAll(async () => {
  const port = await freePort();
  env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    DATABASE_URL: await freshDatabase(),
    QUEUE_PREFIX: freshQueuePrefix(),
    INTERNAL_TOKEN_SECRET: SECRET,
    HOST: '127.0.0.1',
    LIBRARY_PORT: String(port),
    LIBRARY_URL: `http://127.0.0.1:${port}`,
    LIBRARY_WORKER_CONCURRENCY: '1',
    LIBRARY_WORKER_LOCK_MS: '5000',
    LIBRARY_WORKER_STALLED_INTERVAL_MS: '1000',
  };
  // users + gateway in this process; the library as a real process of its own.
  sys = await startSystem({ services: ['users'], env });
  env.REDIS_URL = sys.env.REDIS_URL;
  db = new pg.Pool({ connectionString: env.DATABASE_URL });
  await spawnLibrary();
  api = new ApiClient(sys.gatewayUrl, await sys.idp.token(`importer-${Date.now()}`));
  userId = (await api.get<{ id: string }>('/v1/me')).id;
}, 180_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await db?.end();
  await sys?.close();
});

describe('library killed mid-import', () => {
  it('finishes the import in the next process, every row once, every book once', async () => {
    const catalogue = sampleCatalog();
    const lines = [HEADER_24];
    for (let i = 0; i < ROWS; i++) {
      const b = catalogue[i % catalogue.length]!;
      // Mostly catalogue books (many times over: merged / unchanged), some nobody has written.
      lines.push(
        i % 10 === 9
          ? goodreadsLine({ Title: `Unwritten Book ${i}`, Author: 'Nobody Atall', 'Exclusive Shelf': 'to-read' })
          : goodreadsLine({ Title: b.title, Author: b.authors[0] ?? '', 'My Rating': String((i % 5) + 1), 'Exclusive Shelf': 'read' }),
      );
    }
    const res = await api.request('POST', '/v1/library/me/imports', lines.join('\n'), { 'content-type': 'text/csv' });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = (await res.json()) as { id: string };

    // Kill the process once the import is under way but far from done.
    const first = children[0]!;
    const underway = await eventually(
      async () => {
        const d = await api.get<ImportDetail>(`/v1/library/me/imports/${id}`);
        return d.status === 'completed' || d.processedRows > 0 ? d : undefined;
      },
      120_000,
      10,
    );
    expect(underway.status, 'the import finished before it could be killed; make it larger').not.toBe('completed');
    const exited = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await exited;
    const { rows: atKill } = await db.query(`SELECT processed_rows, status FROM library.imports WHERE id = $1`, [id]);
    expect(atKill[0].processed_rows).toBeLessThan(ROWS);

    // A new process takes the job over once the dead one's lock expires.
    await spawnLibrary();
    const done = await eventually(
      async () => {
        const d = await api.get<ImportDetail>(`/v1/library/me/imports/${id}`);
        return d.status === 'completed' || d.status === 'failed' ? d : undefined;
      },
      240_000,
      500,
    );
    expect(done.status).toBe('completed');
    expect(done.totalRows).toBe(ROWS);
    expect(done.processedRows).toBe(ROWS);
    expect(Object.values(done.counts).reduce((a, n) => a + n, 0)).toBe(ROWS);

    // One outcome per row; each catalogue book added once and present once.
    const { rows: outcomes } = await db.query(`SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS d FROM library.import_rows WHERE import_id = $1`, [id]);
    expect(outcomes[0]).toEqual({ n: ROWS, d: ROWS });
    const { rows: entries } = await db.query(`SELECT book_id, count(*)::int AS n FROM library.user_books WHERE user_id = $1 GROUP BY book_id`, [userId]);
    expect(entries.every((e: { n: number }) => e.n === 1)).toBe(true);
    const { rows: added } = await db.query(`SELECT count(DISTINCT book_id)::int AS n FROM library.import_rows WHERE import_id = $1 AND book_id IS NOT NULL`, [id]);
    expect(entries.length).toBe(added[0].n);
    expect(done.counts.added).toBe(entries.length);
    const page = await api.get<{ items: unknown[]; nextCursor: string | null }>('/v1/library/me/books?limit=100');
    expect(page.items.length).toBe(entries.length);
  }, 300_000);
});
