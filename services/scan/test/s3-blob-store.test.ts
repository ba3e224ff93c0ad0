import { randomBytes } from 'node:crypto';
import { access, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, ScanSummary } from '@bookshelf/contracts';
import { loadWorkerConfig } from '../src/config';
import { BlobNotFoundError } from '../src/storage/blob-store';
import { createBlobStore } from '../src/storage/blob-store-factory';
import { S3BlobStore, type S3BlobStoreOptions } from '../src/storage/s3-blob-store';
import { startS3Server, type S3Server } from './support/s3-server';
import { startScanSystem } from './support/scan-system';
import { uploadScan } from './support/upload';

const BUCKET = 'scans';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let dir: string;
let s3: S3Server;
let endpoint: string;
const stores: S3BlobStore[] = [];

function store(opts: Partial<S3BlobStoreOptions> = {}): S3BlobStore {
  const options = { bucket: BUCKET, endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS, timeoutMs: 5_000 };
  const s = new S3BlobStore({ ...options, ...opts });
  stores.push(s);
  return s;
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** Rejects with "still waiting" when the operation outlives `ms`: a hang fails the test instead of stalling it. */
async function within<T>(ms: number, op: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([op, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function caught(op: Promise<unknown>): Promise<Error & { $metadata?: { attempts?: number } }> {
  try {
    await op;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the operation to fail');
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

async function tempFile(data: Buffer): Promise<string> {
  const path = join(dir, `${randomBytes(6).toString('hex')}.part`);
  await writeFile(path, data);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-blob-store-'));
  s3 = await startS3Server({ directory: join(dir, 's3rver'), buckets: [BUCKET] });
  endpoint = s3.endpoint;
});

afterAll(async () => {
  for (const s of stores) s.close();
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('S3BlobStore against an S3 protocol server', () => {
  it('gives back exactly the bytes put', async () => {
    const blobs = store();
    const data = randomBytes(70_000);
    await blobs.put('users/u1/scans/s1/upright.jpg', data, 'image/jpeg');
    expect((await blobs.get('users/u1/scans/s1/upright.jpg')).equals(data)).toBe(true);

    const replaced = Buffer.from('second version');
    await blobs.put('users/u1/scans/s1/upright.jpg', replaced, 'image/jpeg');
    expect((await blobs.get('users/u1/scans/s1/upright.jpg')).toString()).toBe('second version');
  });

  it('putFile uploads the file and removes the local copy', async () => {
    const blobs = store();
    const data = randomBytes(3 * 1024 * 1024);
    const path = await tempFile(data);
    await blobs.putFile('users/u2/scans/s1/original', path, 'image/jpeg');
    expect(await exists(path)).toBe(false);
    expect((await blobs.get('users/u2/scans/s1/original')).equals(data)).toBe(true);
  });

  it('get of a missing key throws BlobNotFoundError', async () => {
    const blobs = store();
    await expect(blobs.get('users/nobody/scans/s1/original')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('a missing bucket is not a missing blob', async () => {
    const blobs = store({ bucket: 'no-such-bucket' });
    const err = await caught(blobs.get('users/u1/scans/s1/original'));
    expect(err).not.toBeInstanceOf(BlobNotFoundError);
    expect(err.name).toBe('NoSuchBucket');
  });

  it('deletePrefix pages through the listing and removes exactly the keys under the prefix', async () => {
    const blobs = store({ listPageSize: 2 });
    const doomed = [1, 2, 3, 4, 5].map((i) => `users/u3/scans/s${i}/original`);
    const kept = ['users/u30/scans/s1/original', 'users/u4/scans/s1/original', 'users/u3x'];
    for (const key of [...doomed, ...kept]) await blobs.put(key, Buffer.from(key), 'application/octet-stream');

    await blobs.deletePrefix('users/u3/');

    for (const key of doomed) await expect(blobs.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    for (const key of kept) expect((await blobs.get(key)).toString()).toBe(key);
  });

  it('deletePrefix without the trailing slash still stops at the path segment, like rm -r', async () => {
    const blobs = store();
    await blobs.put('users/u5/scans/s1/original', Buffer.from('a'), 'image/jpeg');
    await blobs.put('users/u5', Buffer.from('a file where a directory could be'), 'image/jpeg');
    await blobs.put('users/u50/scans/s1/original', Buffer.from('b'), 'image/jpeg');
    await blobs.deletePrefix('users/u5');
    await expect(blobs.get('users/u5/scans/s1/original')).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(blobs.get('users/u5')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect((await blobs.get('users/u50/scans/s1/original')).toString()).toBe('b');
    await blobs.deletePrefix('users/nobody/');
  });

  it('keeps each deployment under its own key prefix', async () => {
    const a = store({ prefix: '/staging/' });
    const b = store({ prefix: 'production' });
    await a.put('users/u6/scans/s1/original', Buffer.from('staging'), 'image/jpeg');
    await b.put('users/u6/scans/s1/original', Buffer.from('production'), 'image/jpeg');
    await a.deletePrefix('users/u6/');
    await expect(a.get('users/u6/scans/s1/original')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect((await b.get('users/u6/scans/s1/original')).toString()).toBe('production');
    expect((await store().get('production/users/u6/scans/s1/original')).toString()).toBe('production');
  });

  it('rejects keys that could walk out of the store, before any request', async () => {
    const blobs = store({ endpoint: 'http://127.0.0.1:9' });
    const path = await tempFile(Buffer.from('x'));
    for (const key of ['../x', 'users/../x', '/users/u1', 'users/u1/./x', '']) {
      await expect(blobs.get(key)).rejects.toThrow(/Invalid blob key/);
      await expect(blobs.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/Invalid blob key/);
      await expect(blobs.putFile(key, path, 'image/jpeg')).rejects.toThrow(/Invalid blob key/);
      await expect(blobs.deletePrefix(key)).rejects.toThrow(/Invalid blob key/);
    }
    expect(await exists(path)).toBe(true);
  });
});

describe('S3BlobStore when the store misbehaves', () => {
  it('fails fast, after its attempts, when nothing listens at the endpoint', async () => {
    const blobs = store({ endpoint: 'http://127.0.0.1:9', maxAttempts: 2, timeoutMs: 1_000 });
    const err = await caught(within(10_000, blobs.get('users/u1/scans/s1/original')));
    expect(err.message).not.toMatch(/still waiting/);
    expect(err).not.toBeInstanceOf(BlobNotFoundError);
    expect(err.$metadata?.attempts).toBe(2);
  });

  it.each([
    ['never answers', (_socket: Socket) => undefined],
    [
      // Never silent long enough for an idle timeout: only the per-attempt deadline ends it.
      'answers one byte at a time, forever',
      (socket: Socket) => {
        socket.write('HTTP/1.1 200 OK\r\nx-slow: ');
        const drip = setInterval(() => socket.write('a'), 100);
        socket.on('close', () => clearInterval(drip));
      },
    ],
  ])('gives up within the timeout on a store that accepts connections but %s', async (_, behave) => {
    const sockets = new Set<Socket>();
    const stuck = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      behave(socket);
    });
    const port = await listen(stuck);
    try {
      const blobs = store({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2, timeoutMs: 500 });
      const started = Date.now();
      const err = await caught(within(10_000, blobs.get('users/u1/scans/s1/original')));
      expect(err.message).not.toMatch(/still waiting/);
      expect(err.name).toBe('TimeoutError');
      expect(err.$metadata?.attempts).toBe(2);
      expect(Date.now() - started).toBeLessThan(5_000);

      const path = await tempFile(Buffer.from('x'));
      const putErr = await caught(within(10_000, blobs.putFile('users/u1/scans/s1/original', path, 'image/jpeg')));
      expect(putErr.message).not.toMatch(/still waiting/);
      expect(putErr.name).toBe('TimeoutError');
      expect(await exists(path)).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => stuck.close(r));
    }
  });

  it('putFile retries a throttled upload with the whole file again', async () => {
    let refuse = 0;
    const puts: number[] = [];
    const [, s3Port] = endpoint.split(/:(?=\d+$)/);
    // In front of the S3 server: answers 503 SlowDown to the next `refuse` uploads, passes the rest on.
    const flaky = createServer((req, res) => {
      if (req.method === 'PUT') puts.push(Date.now());
      if (req.method === 'PUT' && refuse > 0) {
        refuse--;
        req.resume();
        req.on('end', () => {
          res.writeHead(503, { 'content-type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
        });
        return;
      }
      const upstream = request({ host: '127.0.0.1', port: Number(s3Port), method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    const port = await listen(flaky);
    try {
      const blobs = store({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 3 });
      const data = randomBytes(256 * 1024);

      refuse = 2;
      const path = await tempFile(data);
      await blobs.putFile('users/u7/scans/s1/original', path, 'image/jpeg');
      expect(puts).toHaveLength(3);
      expect(await exists(path)).toBe(false);
      expect((await blobs.get('users/u7/scans/s1/original')).equals(data)).toBe(true);

      refuse = 3;
      const second = await tempFile(data);
      const err = await caught(blobs.putFile('users/u7/scans/s2/original', second, 'image/jpeg'));
      expect(err.name).toBe('SlowDown');
      expect(await exists(second)).toBe(true);
    } finally {
      await new Promise((r) => flaky.close(r));
    }
  });
});

describe('createBlobStore', () => {
  it('builds the S3 store from the environment: endpoint, path style, credentials, prefix', async () => {
    const config = loadWorkerConfig({
      SCAN_BLOB_DIR: join(dir, 'local'),
      SCAN_S3_BUCKET: BUCKET,
      SCAN_S3_PREFIX: 'from-env',
      SCAN_S3_ENDPOINT: endpoint,
      SCAN_S3_FORCE_PATH_STYLE: 'true',
      SCAN_S3_ACCESS_KEY_ID: 'S3RVER',
      SCAN_S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const storage = createBlobStore(config);
    try {
      const path = await tempFile(Buffer.from('through the factory'));
      await storage.blobs.putFile('users/u8/scans/s1/original', path, 'image/jpeg');
      expect((await store().get('from-env/users/u8/scans/s1/original')).toString()).toBe('through the factory');
      expect(storage.incomingDir).toBe(join(dir, 'local', '.incoming'));
    } finally {
      await storage.close();
    }
  });

  it('signs with the configured credentials: an unknown access key is refused', async () => {
    const config = loadWorkerConfig({
      SCAN_S3_BUCKET: BUCKET,
      SCAN_S3_ENDPOINT: endpoint,
      SCAN_S3_FORCE_PATH_STYLE: 'true',
      SCAN_S3_ACCESS_KEY_ID: 'NOT-S3RVER',
      SCAN_S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const storage = createBlobStore(config);
    try {
      const err = await caught(storage.blobs.put('users/u9/scans/s1/original', Buffer.from('x'), 'image/jpeg'));
      expect(err.name).toBe('InvalidAccessKeyId');
    } finally {
      await storage.close();
    }
  });
});

describe('the scan API with SCAN_S3_BUCKET set', () => {
  it('stores an uploaded original in the bucket, and nothing but scratch space on disk', async () => {
    const sys = await startScanSystem({
      env: {
        SCAN_S3_BUCKET: BUCKET,
        SCAN_S3_PREFIX: 'api',
        SCAN_S3_ENDPOINT: endpoint,
        SCAN_S3_FORCE_PATH_STYLE: 'true',
        SCAN_S3_ACCESS_KEY_ID: 'S3RVER',
        SCAN_S3_SECRET_ACCESS_KEY: 'S3RVER',
      },
    });
    try {
      const reader = await sys.reader();
      const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#357' } }).jpeg().toBuffer();
      const res = await uploadScan(reader, photo);
      expect(res.status).toBe(202);
      const scan = (await res.json()) as ScanSummary;
      const userId = (await reader.get<Me>('/v1/me')).id;

      expect((await store({ prefix: 'api' }).get(`users/${userId}/scans/${scan.id}/original`)).equals(photo)).toBe(true);
      expect(await exists(join(sys.blobDir, 'users'))).toBe(false);
      expect(await readdir(join(sys.blobDir, '.incoming'))).toEqual([]);
    } finally {
      await sys.close();
    }
  });
});
