import { readdir } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSummary } from '@bookshelf/contracts';
import type { ApiClient } from '@bookshelf/testkit';
import { pngBomb, SVG_AS_JPEG } from './support/images';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { uploadScan } from './support/upload';

const MAX_BYTES = 400_000;
const MAX_PIXELS = 3_000_000;

let s: ScanSystem;
let reader: ApiClient;
let photo: Buffer;

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { code: string; detail: string; errors?: { path: string }[] };
}

beforeAll(async () => {
  // No inference worker: scans stay queued, which is all these tests need.
  s = await startScanSystem({ env: { SCAN_MAX_UPLOAD_BYTES: String(MAX_BYTES), SCAN_MAX_PIXELS: String(MAX_PIXELS) } });
  reader = await s.reader();
  photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 30 } } })
    .jpeg({ quality: 70 })
    .toBuffer();
});
afterAll(() => s?.close());

describe('POST /v1/scans', () => {
  it('accepts a photo: 202, the scan id, queued, upright size; the original is stored', async () => {
    const res = await uploadScan(reader, photo);
    expect(res.status).toBe(202);
    const scan = (await res.json()) as ScanSummary;
    expect(scan.id).toMatch(/^scn_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(res.headers.get('location')).toBe(`/v1/scans/${scan.id}`);
    expect(scan).toMatchObject({ status: 'queued', image: { width: 800, height: 600, mediaType: 'image/jpeg', bytes: photo.length } });
    const users = await readdir(`${s.blobDir}/users`);
    expect(users).toHaveLength(1);
  });

  it('decides the type from the bytes, not from what the client says', async () => {
    const webp = await sharp(photo).resize(200).webp().toBuffer();
    const spoofed = await uploadScan(reader, webp, { contentType: 'image/jpeg', filename: 'shelf.jpg' });
    expect(spoofed.status).toBe(202);
    expect(((await spoofed.json()) as ScanSummary).image.mediaType).toBe('image/webp');
    const png = await sharp(photo).resize(100).png().toBuffer();
    const unlabelled = await uploadScan(reader, png, { contentType: 'application/octet-stream', filename: 'x.bin' });
    expect(unlabelled.status).toBe(202);
    expect(((await unlabelled.json()) as ScanSummary).image.mediaType).toBe('image/png');
  });

  it('refuses an SVG renamed .jpg and anything with a spoofed image content type: 415', async () => {
    expect((await problem(await uploadScan(reader, SVG_AS_JPEG, { filename: 'shelf.jpg', contentType: 'image/jpeg' }), 415)).code).toBe(
      'unsupported_media_type',
    );
    await problem(await uploadScan(reader, Buffer.from('GIF89a not really'), { contentType: 'image/jpeg' }), 415);
    const gif = await sharp(photo).resize(50).gif().toBuffer();
    await problem(await uploadScan(reader, gif, { contentType: 'image/jpeg', filename: 'a.jpg' }), 415);
  });

  it('refuses a body that is not multipart: 415', async () => {
    await problem(await reader.request('POST', '/v1/scans', photo, { 'content-type': 'image/jpeg' }), 415);
    await problem(await reader.request('POST', '/v1/scans', { image: 'x' }), 415);
  });

  it('refuses a truncated JPEG: 422', async () => {
    const body = await problem(await uploadScan(reader, photo.subarray(0, Math.floor(photo.length * 0.7))), 422);
    expect(body.errors?.[0]?.path).toBe('image');
  });

  it('refuses a decompression bomb from its header, before decoding: 422', async () => {
    const bomb = pngBomb(20_000);
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    const started = Date.now();
    const body = await problem(await uploadScan(reader, bomb, { contentType: 'image/png', filename: 'bomb.png' }), 422);
    expect(body.detail).toMatch(/pixels/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a photo over the pixel limit: 422', async () => {
    const big = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#888' } }).jpeg({ quality: 10 }).toBuffer();
    expect(big.length).toBeLessThan(MAX_BYTES);
    expect((await problem(await uploadScan(reader, big), 422)).detail).toMatch(/pixels/);
  });

  it('refuses an oversized upload: 413, whether its length is declared or streamed', async () => {
    const huge = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .jpeg({ quality: 100 })
      .toBuffer();
    expect(huge.length).toBeGreaterThan(MAX_BYTES);
    await problem(await uploadScan(reader, huge), 413);

    // Chunked, no Content-Length: busboy's file size limit catches it.
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(huge)], { type: 'image/jpeg' }), 'big.jpg');
    const encoded = new Response(form);
    const res = await fetch(`${s.sys.gatewayUrl}/v1/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reader.token}`, 'content-type': encoded.headers.get('content-type') ?? '' },
      body: encoded.body,
      duplex: 'half',
    } as RequestInit);
    await problem(res, 413);
  });

  it('refuses too many parts: 413', async () => {
    await problem(await uploadScan(reader, photo, { extraFiles: 1 }), 413);
    const fields = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, 'x']));
    await problem(await uploadScan(reader, photo, { extraFields: fields }), 413);
  });

  it('needs the file in the "image" field: 422', async () => {
    const body = await problem(await uploadScan(reader, photo, { field: 'file' }), 422);
    expect(body.errors?.[0]?.path).toBe('image');
  });

  it('honours Idempotency-Key: same key and photo → the same scan; same key, other photo → 422', async () => {
    const key = `key-${Date.now()}`;
    const first = await uploadScan(reader, photo, { idempotencyKey: key });
    const second = await uploadScan(reader, photo, { idempotencyKey: key });
    expect([first.status, second.status]).toEqual([202, 202]);
    const [a, b] = [(await first.json()) as ScanSummary, (await second.json()) as ScanSummary];
    expect(b.id).toBe(a.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');

    const other = await sharp(photo).resize(400).jpeg().toBuffer();
    await problem(await uploadScan(reader, other, { idempotencyKey: key }), 422);

    // Concurrent retries with a fresh key still make one scan.
    const raced = await Promise.all([1, 2, 3].map(() => uploadScan(reader, photo, { idempotencyKey: `${key}-race` })));
    const ids = await Promise.all(raced.map(async (r) => ((await r.json()) as ScanSummary).id));
    expect(new Set(ids).size).toBe(1);

    // Keys are per reader: someone else's identical key is theirs.
    const stranger = await s.reader();
    const theirs = (await (await uploadScan(stranger, photo, { idempotencyKey: key })).json()) as ScanSummary;
    expect(theirs.id).not.toBe(a.id);
  });

  it('needs a signed-in reader: 401', async () => {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(photo)]), 'a.jpg');
    const res = await fetch(`${s.sys.gatewayUrl}/v1/scans`, { method: 'POST', body: form });
    expect(res.status).toBe(401);
  });
});
