import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startSystem, type System } from '@bookshelf/testkit';

let sys: System;
beforeAll(async () => {
  sys = await startSystem({ services: ['users'] });
});
afterAll(async () => {
  await sys.close();
});

describe('GET /v1/me', () => {
  it('provisions me on first call and returns the same user afterwards', async () => {
    const api = new ApiClient(sys.gatewayUrl, await sys.idp.token('alice', { email: 'alice@example.com', name: 'Alice' }));
    const first = await api.get<{ id: string; email: string; preferences: object }>('/v1/me');
    expect(first.id).toMatch(/^usr_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(first.email).toBe('alice@example.com');
    expect(first.preferences).toEqual({});
    const second = await api.get<{ id: string }>('/v1/me');
    expect(second.id).toBe(first.id);
  });
});
