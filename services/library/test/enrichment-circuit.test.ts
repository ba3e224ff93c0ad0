import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSystem, type System } from '@bookshelf/testkit';

// Open Library goes down: after ENRICH_BREAKER_FAILURES failures the circuit opens and waiting
// lookups stop calling it (they are delayed, not failed); once it is back, every lookup completes.
let down = true;
const hits: number[] = [];
const titles = [1, 2, 3, 4, 5, 6].map((i) => `Outage Book ${i}`);

function fakeOpenLibrary(): Server {
  return createServer((req, res) => {
    hits.push(Date.now());
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (down) {
      res.statusCode = 503;
      res.end(JSON.stringify({ error: 'maintenance' }));
      return;
    }
    const title = url.searchParams.get('title') ?? '';
    const docs = titles.includes(title) ? [{ key: `/works/OL${titles.indexOf(title) + 100}W`, title, author_name: ['Cora Circuit'], first_publish_year: 2001 }] : [];
    res.end(JSON.stringify({ numFound: docs.length, start: 0, docs }));
  });
}

let sys: System;
let server: Server;
let redis: Redis;
beforeAll(async () => {
  server = fakeOpenLibrary();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sys = await startSystem({
    services: ['users', 'library'],
    env: {
      OPEN_LIBRARY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      ENRICH_HTTP_ATTEMPTS: '1',
      ENRICH_BACKOFF_MS: '10',
      ENRICH_BREAKER_FAILURES: '2',
      ENRICH_BREAKER_COOLDOWN_MS: '3000',
      LIBRARY_WORKER_CONCURRENCY: '1',
    },
  });
  redis = new Redis(sys.env.REDIS_URL!, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis.disconnect();
  await sys.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('Open Library circuit breaker', () => {
  it('stops calling a source that keeps failing, then completes every lookup once it recovers', async () => {
    const queue = new Queue('library', { connection: redis, prefix: sys.env.QUEUE_PREFIX });
    const events = new QueueEvents('library', { connection: redis.duplicate(), prefix: sys.env.QUEUE_PREFIX });
    await events.waitUntilReady();
    const jobs = await Promise.all(
      titles.map((title) =>
        queue.add('catalog.enrich', { meta: {}, payload: { source: 'open-library', isbn13: null, title, author: 'Cora Circuit', reason: 'import' } }, { attempts: 5, backoff: { type: 'fixed', delay: 500 } }),
      ),
    );
    // Two failures open the circuit; while it is open (3 s) nothing reaches the source.
    await eventually(async () => (hits.length >= 2 ? true : undefined), 20_000, 20);
    const opened = hits[1]!;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(hits.filter((t) => t > opened && t < opened + 1_500)).toEqual([]);

    down = false;
    const outcomes = await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 60_000) as Promise<{ outcome: string }>));
    expect(outcomes.map((o) => o.outcome)).toEqual(titles.map(() => 'added'));
    await events.close();
    await queue.close();
  });
});
