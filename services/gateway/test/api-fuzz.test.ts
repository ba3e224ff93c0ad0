import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, type ApiRoute } from '@bookshelf/contracts';
import { REPO_ROOT } from '@bookshelf/db';
import { startSystem, type ServiceName, type System } from '@bookshelf/testkit';

// Every service that exists in the workspace takes part.
const SERVICES = (['users', 'library', 'scan', 'recommender'] as ServiceName[]).filter((s) =>
  existsSync(join(REPO_ROOT, 'services', s, 'src', 'server.ts')),
);

let sys: System;
let token: string;
beforeAll(async () => {
  sys = await startSystem({ services: SERVICES, env: { RATE_LIMIT_REQUESTS: '1000000' } });
  token = await sys.idp.token('fuzzer');
});
afterAll(async () => {
  await sys.close();
});

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '../../etc/passwd', "' OR 1=1 --", '%00', '<script>', 'usr_01J00000000000000000000000', 'bk_01J00000000000000000000000', '😀'.repeat(50), 'a'.repeat(5000)),
);
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const bodyArb = fc.oneof(
  jsonValue.map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })),
  fc.dictionary(fc.constantFrom('status', 'rating', 'bookId', 'isbn', 'type', 'selections', 'ui_theme', 'genre_weights', 'visibility', 'userId', 'id'), jsonValue).map((v) => ({
    raw: JSON.stringify(v),
    type: 'application/json',
  })),
  fc.string({ maxLength: 200 }).map((raw) => ({ raw, type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((raw) => ({ raw, type: 'text/plain' })),
);

function fill(route: ApiRoute, params: string[]): string {
  let i = 0;
  // An empty or dot segment would be normalised into a different route by the URL parser.
  const segment = (p: string | undefined) => (!p || p === '.' || p === '..' ? 'x' : encodeURIComponent(p));
  return route.path.replace(/:([A-Za-z]+)/g, () => segment(params[i++]));
}

async function call(route: ApiRoute, params: string[], query: Record<string, string>, body: { raw: string; type: string } | null) {
  const qs = new URLSearchParams(query).toString();
  const url = `${sys.gatewayUrl}${fill(route, params)}${qs ? `?${qs}` : ''}`;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  const hasBody = body && route.method !== 'GET' && route.method !== 'DELETE';
  if (hasBody) headers['content-type'] = body.type;
  const res = await fetch(url, { method: route.method, headers, body: hasBody ? body.raw : undefined, signal: AbortSignal.timeout(20_000) });
  const text = res.headers.get('content-type')?.includes('text/event-stream') ? '' : await res.text();
  return { res, text };
}

// Routes whose happy path starts long-running work or streams; their inputs are still fuzzed.
const routes = API_ROUTES.filter((r) => SERVICES.includes(r.service as ServiceName));

describe('public API fuzzing (generated from the route catalogue)', () => {
  it('never answers 5xx; 4xx answers are problem+json; 2xx bodies match their schema', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(hostileString, { minLength: 3, maxLength: 3 }),
        fc.dictionary(fc.constantFrom('q', 'isbn', 'limit', 'cursor', 'status', 'shelf', 'format', 'since', 'sort'), hostileString, { maxKeys: 3 }),
        fc.option(bodyArb, { nil: null }),
        async (route, params, query, body) => {
          if (route.streaming && route.method === 'GET' && route.path.endsWith('/events')) return;
          const { res, text } = await call(route, params, query, body);
          const where = `${route.method} ${route.path} → ${res.status}`;
          if (res.status >= 500 && res.status !== 503) failures.push(`${where}: ${text.slice(0, 200)}`);
          if (res.status >= 400) {
            expect(res.headers.get('content-type'), where).toContain('application/problem+json');
          } else if (route.response && res.headers.get('content-type')?.includes('application/json')) {
            const parsed = route.response.safeParse(JSON.parse(text));
            if (!parsed.success) failures.push(`${where}: response does not match schema: ${parsed.error.message.slice(0, 300)}`);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 20261121) },
    );
    expect(failures).toEqual([]);
  });

  it('answers 401 on every user route without a token', async () => {
    for (const route of routes.filter((r) => r.auth === 'user')) {
      const res = await fetch(`${sys.gatewayUrl}${fill(route, ['a', 'b', 'c'])}`, { method: route.method });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});
