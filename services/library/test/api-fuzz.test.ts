import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY_ROUTES, type ApiRoute } from '@bookshelf/contracts';
import { startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader, type Reader } from './helpers';

// Hostile input against every library route: never a 5xx, errors are problem+json, and every
// 2xx body matches the schema the route catalogue (and so /openapi.json) promises.
let sys: System;
let r: Reader;
let bookId: string;
beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'], env: { RATE_LIMIT_REQUESTS: '1000000' } });
  r = await reader(sys, 'fuzz');
  bookId = (await findBook(r.api, 'dune')).id;
});
afterAll(async () => {
  await sys.close();
});

const forgedCursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', "' OR 1=1 --", 'usr_01J00000000000000000000000', 'bk_01J00000000000000000000000',
    'req_01J00000000000000000000000', 'imp_01J00000000000000000000000', '978-0-340-83993-3', '😀'.repeat(40), 'a'.repeat(400),
    forgedCursor({ s: 'added', o: 'desc', k: 'not a time', i: 'x' }), forgedCursor({ s: 'rating', o: 'desc', k: 'NaN', i: 'x' }),
    forgedCursor({ t: '2024-01-01T00:00:00Z', i: 'a\u0000' }), forgedCursor({ s: 0.5, i: 'bk_x' }), forgedCursor({ r: -1 }), forgedCursor({ s: '99999999999999999999', t: Date.now() }), forgedCursor({ s: '1', t: 1e300 }), 'scan'),
);
const value = fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }));
const body = fc.oneof(
  fc.dictionary(fc.constantFrom('bookId', 'isbn', 'status', 'rating', 'review', 'shelves', 'progress', 'startedOn', 'finishedOn', 'owned', 'location', 'loan', 'visibility', 'approveFollowers', 'items', 'privateNotes', 'title', 'description', 'note', 'position'), value, { maxKeys: 4 }),
  fc.constant({ bookId: 'DUNE' }),
  fc.constant({ items: [{ bookId: 'DUNE' }, { isbn: '\u0000' }] }),
  fc.constant({ bookId: 'DUNE', review: 'x\u0000y', startedOn: '0000-01-01' }),
);

function fill(route: ApiRoute, params: string[]): string {
  let i = 0;
  // An empty or dot segment would be normalised into another route (…/imports/ is the list of imports).
  const segment = (p: string | undefined) => (!p || p === '.' || p === '..' ? 'x' : encodeURIComponent(p));
  return route.path.replace(/:([A-Za-z]+)/g, () => segment(params[i++]));
}

describe('library API under hostile input', () => {
  it('never answers 5xx; 4xx are problem+json; 2xx bodies match their schema', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...LIBRARY_ROUTES),
        fc.array(hostile, { minLength: 2, maxLength: 2 }),
        fc.dictionary(fc.constantFrom('q', 'isbn', 'limit', 'cursor', 'status', 'shelf', 'format', 'sort', 'order', 'outcome', 'since', 'source', 'sourceId'), hostile, { maxKeys: 3 }),
        fc.option(body, { nil: null }),
        fc.constantFrom('application/json', 'text/csv', 'text/plain'),
        async (route, params, query, json, type) => {
          const qs = new URLSearchParams(query).toString();
          const raw = json ? JSON.stringify(json).replaceAll('"DUNE"', JSON.stringify(bookId)) : undefined;
          const send = raw !== undefined && route.method !== 'GET' && route.method !== 'DELETE';
          const res = await r.api.request(route.method, `${fill(route, params)}${qs ? `?${qs}` : ''}`, send ? raw : undefined, send ? { 'content-type': type } : {});
          const text = await res.text();
          const where = `${route.method} ${route.path} ${qs} ${raw ?? ''} → ${res.status}`;
          if (res.status >= 500) failures.push(`${where}: ${text.slice(0, 200)}`);
          else if (res.status >= 400) expect(res.headers.get('content-type'), where).toContain('application/problem+json');
          else if (route.response && res.headers.get('content-type')?.includes('application/json')) {
            const parsed = route.response.safeParse(JSON.parse(text));
            if (!parsed.success) failures.push(`${where}: ${parsed.error.message.slice(0, 300)}`);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: Number(process.env.FUZZ_SEED ?? 1122) },
    );
    expect(failures).toEqual([]);
  });
});
