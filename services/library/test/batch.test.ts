import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '@bookshelf/testkit';
import { findBook, reader, type Reader } from './helpers';

interface BatchResult {
  items: { index: number; outcome: string; userBookId: string | null; bookId: string | null; message: string | null }[];
  counts: Record<string, number>;
}

let sys: System;
let alice: Reader;
let dune: string;
let hobbit: string;
beforeAll(async () => {
  sys = await startSystem({ services: ['users', 'library'] });
  alice = await reader(sys, 'batch');
  dune = (await findBook(alice.api, 'dune')).id;
  hobbit = (await findBook(alice.api, 'the hobbit')).id;
});
afterAll(async () => {
  await sys.close();
});

function post(r: Reader, body: unknown, key?: string) {
  return r.api.request('POST', '/v1/library/me/books/batch', JSON.stringify(body), {
    'content-type': 'application/json',
    ...(key ? { 'idempotency-key': key } : {}),
  });
}

describe('POST /v1/library/me/books/batch', () => {
  it('reports an outcome per item: created, existing, not_found, invalid', async () => {
    await alice.api.json('POST', '/v1/library/me/books', { bookId: hobbit }, 201);
    const res = await post(alice, {
      items: [
        { bookId: dune, status: 'read', rating: 5 },
        { isbn: '978-0-618-26030-0' },
        { isbn: '9780439554930', shelves: ['kids'] },
        { bookId: 'bk_01ARZ3NDEKTSV4RRFFQ69G5FAV' },
        { isbn: '9781234567897' },
        { isbn: 'not-an-isbn' },
        { bookId: dune },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as BatchResult;
    expect(body.items.map((i) => i.outcome)).toEqual(['created', 'existing', 'created', 'not_found', 'not_found', 'invalid', 'existing']);
    expect(body.counts).toEqual({ created: 2, existing: 2, not_found: 2, invalid: 1 });
    expect(body.items[6]!.userBookId).toBe(body.items[0]!.userBookId);
    const list = await alice.api.get<{ items: unknown[] }>('/v1/library/me/books');
    expect(list.items).toHaveLength(3);
  });

  it('replays the same key + body and refuses the key with another body', async () => {
    const bob = await reader(sys, 'batch-bob');
    const body = { items: [{ bookId: dune }, { bookId: hobbit }] };
    const first = await post(bob, body, 'k-123');
    const firstBody = await first.text();
    const again = await post(bob, { items: [{ bookId: dune }, { bookId: hobbit }] }, 'k-123');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(firstBody);
    expect(((JSON.parse(firstBody) as BatchResult).items.map((i) => i.outcome))).toEqual(['created', 'created']);
    const different = await post(bob, { items: [{ bookId: dune }] }, 'k-123');
    expect(different.status).toBe(422);
    // A new key with the same body is a new request: both books are already there.
    const fresh = (await (await post(bob, body, 'k-124')).json()) as BatchResult;
    expect(fresh.items.map((i) => i.outcome)).toEqual(['existing', 'existing']);
  });

  it('handles concurrent requests with one key as one request', async () => {
    const carol = await reader(sys, 'batch-carol');
    const body = { items: [{ bookId: dune }] };
    const results = await Promise.all(Array.from({ length: 5 }, () => post(carol, body, 'same')));
    const bodies = await Promise.all(results.map((r) => r.text()));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(bodies).size).toBe(1);
  });

  it('refuses more than 500 items or invalid fields as a whole (422)', async () => {
    const tooMany = await post(alice, { items: Array.from({ length: 501 }, () => ({ bookId: dune })) });
    expect(tooMany.status).toBe(422);
    const bad = await post(alice, { items: [{ bookId: dune }, { bookId: hobbit, rating: 7 }] });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors[0]!.path).toBe('items.1.rating');
  });
});
