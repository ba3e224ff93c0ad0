import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startSystem, type System } from '@bookshelf/testkit';

let sys: System;
beforeAll(async () => {
  sys = await startSystem({ services: ['users'] });
});
afterAll(async () => {
  await sys.close();
});

async function reader(sub: string) {
  return new ApiClient(sys.gatewayUrl, await sys.idp.token(sub));
}

describe('PATCH /v1/me/preferences (RFC 7396 merge patch)', () => {
  it('merges objects, replaces arrays and removes keys set to null', async () => {
    const api = await reader('merger');
    await api.json('PATCH', '/v1/me/preferences', {
      preferred_genres: ['fantasy', 'mystery'],
      ui_theme: 'dark',
      genre_weights: { fantasy: 0.8, horror: -0.5 },
    }, 200);
    const after = await api.json<{ preferences: Record<string, unknown> }>('PATCH', '/v1/me/preferences', {
      preferred_genres: ['science-fiction'],
      ui_theme: null,
      genre_weights: { horror: null, romance: 0.2 },
    }, 200);
    expect(after.preferences).toEqual({
      preferred_genres: ['science-fiction'],
      genre_weights: { fantasy: 0.8, romance: 0.2 },
    });
    const me = await api.get<{ preferences: unknown }>('/v1/me');
    expect(me.preferences).toEqual(after.preferences);
  });

  it('loses none of 50 concurrent patches to different genre weights', async () => {
    const api = await reader('concurrent');
    await api.get('/v1/me');
    const genres = Array.from({ length: 50 }, (_, i) => `genre-${i}`);
    const results = await Promise.all(
      genres.map((g, i) =>
        api.request('PATCH', '/v1/me/preferences', { genre_weights: { [g]: (i % 20) / 20 } }, { 'content-type': 'application/merge-patch+json' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const me = await api.get<{ preferences: { genre_weights: Record<string, number> } }>('/v1/me');
    expect(Object.keys(me.preferences.genre_weights).sort()).toEqual([...genres].sort());
  });

  it('answers 422 with field errors for invalid values and unknown keys, changing nothing', async () => {
    const api = await reader('invalid');
    await api.json('PATCH', '/v1/me/preferences', { ui_theme: 'light' }, 200);
    const res = await api.request('PATCH', '/v1/me/preferences', { ui_theme: 'purple', genre_weights: { fantasy: 3 }, favourite_colour: 'red' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { errors: { path: string }[]; requestId: string };
    const paths = problem.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['ui_theme', 'genre_weights.fantasy']));
    expect(problem.errors.some((e) => e.path === '(body)' || e.path.includes('favourite_colour'))).toBe(true);
    expect(problem.requestId).toBe(res.headers.get('x-request-id'));
    const me = await api.get<{ preferences: unknown }>('/v1/me');
    expect(me.preferences).toEqual({ ui_theme: 'light' });
  });

  it('answers 400 for malformed JSON and 415 for a wrong content type', async () => {
    const api = await reader('malformed');
    const bad = await api.request('PATCH', '/v1/me/preferences', '{"ui_theme": "dark"', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('malformed_json');
    const wrongType = await api.request('PATCH', '/v1/me/preferences', 'ui_theme=dark', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
    const notObject = await api.request('PATCH', '/v1/me/preferences', '[1,2]', { 'content-type': 'application/json' });
    expect(notObject.status).toBe(422);
  });

  it('keeps one reader from touching another reader’s preferences', async () => {
    const alice = await reader('pref-alice');
    const bob = await reader('pref-bob');
    await alice.json('PATCH', '/v1/me/preferences', { language: 'en' }, 200);
    await bob.json('PATCH', '/v1/me/preferences', { language: 'fr' }, 200);
    expect((await alice.get<{ preferences: { language: string } }>('/v1/me')).preferences.language).toBe('en');
    expect((await bob.get<{ preferences: { language: string } }>('/v1/me')).preferences.language).toBe('fr');
  });
});
