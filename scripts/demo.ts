// `pnpm demo`: a scripted tour of the running system (`pnpm start` first), made the way the
// mobile app makes its calls: get a token from the IdP, then talk to the gateway only.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { layeredEnv } from './lib/env-file';
import { REPO_ROOT } from '@bookshelf/db';

const env = layeredEnv(REPO_ROOT);
const gateway = process.env.DEMO_GATEWAY_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT ?? 8080}`;
const idp = env.DEV_IDP_ISSUER ?? 'http://127.0.0.1:8090';

let step = 0;
function show(title: string, method: string, path: string, status: number, body: unknown): void {
  step++;
  const text = JSON.stringify(body, null, 2) ?? '';
  const clipped = text.length > 1200 ? `${text.slice(0, 1200)}\n  …` : text;
  console.log(`\n\x1b[1m${step}. ${title}\x1b[0m\n   ${method} ${path} → ${status}\n${clipped.replace(/^/gm, '   ')}`);
}

async function call(token: string, title: string, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(`${gateway}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (e.g. CSV export)
  }
  show(title, method, path, res.status, parsed);
  return { status: res.status, body: parsed as Record<string, unknown> };
}

async function main(): Promise<void> {
  const sub = `demo-${Date.now()}`;
  const tokenRes = await fetch(`${idp}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, email: `${sub}@example.com`, name: 'Demo Reader', ttlSeconds: 900 }),
  }).catch(() => null);
  if (!tokenRes?.ok) {
    console.error(`Cannot get a token from the dev IdP at ${idp}. Is the system running (pnpm start)?`);
    process.exit(1);
  }
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  show('Sign in with the identity provider', 'POST', `${idp}/token`, tokenRes.status, { sub, access_token: `${token.slice(0, 24)}…` });

  await call(token, 'My profile (the first call provisions me)', 'GET', '/v1/me');
  await call(token, 'Set preferences (JSON merge patch)', 'PATCH', '/v1/me/preferences', {
    preferred_genres: ['fantasy', 'science-fiction'],
    ui_theme: 'dark',
    genre_weights: { fantasy: 0.9, horror: -0.6 },
  }, 'application/merge-patch+json');
  await call(token, 'Remove a key with null', 'PATCH', '/v1/me/preferences', { ui_theme: null }, 'application/merge-patch+json');

  const search = await call(token, 'Search the catalogue, typos and all', 'GET', '/v1/books/search?q=hary%20poter%20sorcerers%20stone&limit=3');
  if (search.status === 503) {
    console.log('\n(library service not running: stopping the tour here)');
    return;
  }
  const first = (search.body.items as { id: string }[] | undefined)?.[0];
  if (first) {
    await call(token, 'Add it to my library', 'POST', '/v1/library/me/books', { bookId: first.id, status: 'read', rating: 5, shelves: ['favourites'] });
    await call(token, 'My library', 'GET', '/v1/library/me/books?limit=5');
  }
  await scanTour(token);
  await call(token, 'My recommendations, explained', 'GET', '/v1/me/recommendations?limit=5');
  console.log(`\nDone. Explore more at ${gateway}/docs`);
}

interface ScanDetailBody {
  id: string;
  status: string;
  stage: string | null;
  detections: { id: string; order: number; shelfLabel: string; position: number; text: string; suggestedBookId: string | null; candidates: { book: { id: string; title: string }; confidence: number }[] }[];
}

/** Photograph a shelf: upload, follow progress, look at what was read, confirm the suggestions. */
async function scanTour(token: string): Promise<void> {
  const photo = resolve(REPO_ROOT, process.env.DEMO_SHELF_PHOTO ?? '../shared/data/shelves/shelf-11.jpg');
  if (!existsSync(photo)) {
    console.log(`\n(no shelf photo at ${photo}; set DEMO_SHELF_PHOTO to try a scan)`);
    return;
  }
  const form = new FormData();
  form.append('image', new Blob([readFileSync(photo)], { type: 'image/jpeg' }), 'shelf.jpg');
  const res = await fetch(`${gateway}/v1/scans`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const accepted = (await res.json()) as { id?: string; scanId?: string };
  show('Photograph a shelf (multipart upload)', 'POST', '/v1/scans', res.status, accepted);
  const scanId = accepted.id ?? accepted.scanId;
  if (!scanId) return;
  let scan: ScanDetailBody | null = null;
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    scan = (await (await fetch(`${gateway}/v1/scans/${scanId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ScanDetailBody;
    if (scan.status === 'done' || scan.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!scan) return;
  const summary = scan.detections.map((d) => ({
    order: d.order,
    shelf: `${d.shelfLabel} #${d.position}`,
    read: d.text,
    suggestion: d.candidates.find((c) => c.book.id === d.suggestedBookId)?.book.title ?? null,
  }));
  show(`What the scan found (${((Date.now() - started) / 1000).toFixed(1)} s, the app would watch GET /v1/scans/{id}/events)`, 'GET', `/v1/scans/${scanId}`, 200, {
    status: scan.status,
    spines: summary,
  });
  const selections = scan.detections.filter((d) => d.suggestedBookId).map((d) => ({ detectionId: d.id, bookId: d.suggestedBookId! }));
  if (selections.length) await call(token, 'Confirm the suggested books into my library', 'POST', `/v1/scans/${scanId}/confirm`, { selections });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
