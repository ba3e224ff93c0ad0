import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Logger } from '@bookshelf/platform';
import { assertBlobKey, BlobNotFoundError, type BlobStore } from './blob-store';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Put in front of every key, so several deployments can share a bucket. */
  prefix?: string;
  /** For S3-compatible stores (MinIO, R2, Ceph…); AWS itself needs none. */
  endpoint?: string;
  region: string;
  forcePathStyle?: boolean;
  /** Absent: the SDK's default chain (AWS_* env, web identity, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts per operation, the first included. */
  maxAttempts?: number;
  /**
   * Per attempt: connecting, and sending the request until the answer starts; also the longest
   * silence while a body is read. Without it a dead store would hold a request forever.
   */
  timeoutMs?: number;
  /** Keys listed (and so deleted) per round trip; S3 allows at most 1000. */
  listPageSize?: number;
  /** Receives the SDK's warnings. */
  logger?: Logger;
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'SlowDown', 'ServiceUnavailable', 'InternalError']);

/** What the SDK would retry (its test, abridged), for the one request it will not retry itself (putFile). */
function isTransient(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'AbortError') return false;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    e.$retryable !== undefined || status === 429 || status >= 500 || TRANSIENT_NAMES.has(e.name ?? '') || TRANSIENT_CODES.has(e.code ?? '')
  );
}

/**
 * The SDK logs every command at info (inputs included) and every failure at error, which the
 * callers see and log anyway; only its warnings are worth passing on. Without a logger of its
 * own it would print them to the console.
 */
function sdkLogger(logger?: Logger): NonNullable<S3ClientConfig['logger']> {
  const ignore = () => undefined;
  const warn = (...content: unknown[]) => logger?.warn({ sdk: content }, 'S3 client warning');
  return { trace: ignore, debug: ignore, info: ignore, error: ignore, warn };
}

/**
 * Blobs in an S3-compatible bucket, so API and worker replicas on any node share them. Transient
 * failures are retried by the SDK (maxAttempts) and every attempt has a deadline (timeoutMs).
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly root: string;
  private readonly maxAttempts: number;
  private readonly listPageSize: number;

  constructor(opts: S3BlobStoreOptions) {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const root = (opts.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.bucket = opts.bucket;
    this.root = root ? `${root}/` : '';
    this.maxAttempts = opts.maxAttempts ?? 3;
    this.listPageSize = opts.listPageSize ?? 1000;
    if (!Number.isInteger(this.listPageSize) || this.listPageSize < 1 || this.listPageSize > 1000) {
      throw new RangeError(`listPageSize must be 1…1000, not ${this.listPageSize}`);
    }
    this.client = new S3Client({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      forcePathStyle: opts.forcePathStyle ?? false,
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      maxAttempts: this.maxAttempts,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
      requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, socketTimeout: timeoutMs, throwOnRequestTimeout: true },
      // By default every upload carries a checksum, a streamed one as an aws-chunked body with a trailer,
      // which some S3-compatible stores refuse; TLS already guards the bytes in transit.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      logger: sdkLogger(opts.logger),
    });
  }

  /** Where the blobs go, for a start-up log line (no credentials). */
  describe(): { bucket: string; prefix: string } {
    return { bucket: this.bucket, prefix: this.root };
  }

  private objectKey(key: string): string {
    assertBlobKey(key);
    return this.root + key;
  }

  /**
   * Streams the file, then removes it. The SDK does not retry a request whose body is a stream
   * (it cannot rewind it), so this retries itself, with a fresh stream per attempt.
   */
  async putFile(key: string, localPath: string, contentType: string): Promise<void> {
    const Key = this.objectKey(key);
    const { size } = await stat(localPath);
    for (let attempt = 1; ; attempt++) {
      const body = createReadStream(localPath);
      try {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentLength: size, ContentType: contentType }));
        break;
      } catch (err) {
        if (attempt >= this.maxAttempts || !isTransient(err)) throw err;
        await sleep(Math.random() * 100 * 2 ** attempt);
      } finally {
        body.destroy();
      }
    }
    await unlink(localPath);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: data, ContentType: contentType }));
  }

  async get(key: string): Promise<Buffer> {
    const Key = this.objectKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (!res.Body) throw new Error(`Blob "${key}" came back without a body`);
      const bytes = await res.Body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      // A missing bucket is a configuration error, not a missing blob.
      if (e.name === 'NoSuchKey' || (e.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket')) {
        throw new BlobNotFoundError(`No blob "${key}"`);
      }
      throw err;
    }
  }

  /**
   * Like the filesystem's `rm -r`: the blob named `prefix` and everything under `prefix/`, so
   * `users/u1` never takes `users/u10/…` along.
   */
  async deletePrefix(prefix: string): Promise<void> {
    const dir = prefix.endsWith('/') ? prefix : `${prefix}/`;
    const Prefix = this.objectKey(dir);
    if (dir !== prefix) await this.deleteObjects([this.objectKey(prefix)]);
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix, MaxKeys: this.listPageSize, ContinuationToken }),
      );
      await this.deleteObjects((page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  private async deleteObjects(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const res = await this.client.send(
      new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
    );
    const failed = res.Errors ?? [];
    if (failed.length > 0) {
      const first = failed[0];
      throw new Error(`Could not delete ${failed.length} of ${keys.length} blobs (${first?.Key}: ${first?.Code} ${first?.Message})`);
    }
  }

  /** Closes the SDK's pooled connections. */
  close(): void {
    this.client.destroy();
  }
}
