import { join } from 'node:path';
import type { Logger } from '@bookshelf/platform';
import type { BlobStoreConfig } from '../config';
import type { BlobStore } from './blob-store';
import { FsBlobStore } from './fs-blob-store';
import { S3BlobStore } from './s3-blob-store';

export interface BlobStorage {
  blobs: BlobStore;
  /**
   * Local scratch directory uploads are spooled to before putFile. Under SCAN_BLOB_DIR in both
   * cases: on the filesystem store's own filesystem an upload is then renamed into place.
   */
  incomingDir: string;
  /** Where blobs go, for the start-up log line; never credentials. */
  location: Record<string, string>;
  close(): Promise<void>;
}

/** The S3-compatible store when a bucket is configured, else files under SCAN_BLOB_DIR. */
export function createBlobStore(config: BlobStoreConfig, logger?: Logger): BlobStorage {
  const incomingDir = join(config.SCAN_BLOB_DIR, '.incoming');
  if (!config.SCAN_S3_BUCKET) {
    const blobs = new FsBlobStore(config.SCAN_BLOB_DIR);
    return { blobs, incomingDir: blobs.incomingDir, location: { store: 'fs', dir: config.SCAN_BLOB_DIR }, close: async () => undefined };
  }
  const blobs = new S3BlobStore({
    bucket: config.SCAN_S3_BUCKET,
    prefix: config.SCAN_S3_PREFIX,
    endpoint: config.SCAN_S3_ENDPOINT,
    region: config.SCAN_S3_REGION,
    forcePathStyle: config.SCAN_S3_FORCE_PATH_STYLE,
    credentials:
      config.SCAN_S3_ACCESS_KEY_ID && config.SCAN_S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.SCAN_S3_ACCESS_KEY_ID, secretAccessKey: config.SCAN_S3_SECRET_ACCESS_KEY }
        : undefined,
    maxAttempts: config.SCAN_S3_MAX_ATTEMPTS,
    timeoutMs: config.SCAN_S3_TIMEOUT_MS,
    logger,
  });
  // The origin only: an endpoint URL could carry user:password.
  const endpoint: Record<string, string> = config.SCAN_S3_ENDPOINT ? { endpoint: new URL(config.SCAN_S3_ENDPOINT).origin } : {};
  return {
    blobs,
    incomingDir,
    location: { store: 's3', ...blobs.describe(), region: config.SCAN_S3_REGION, ...endpoint },
    close: async () => blobs.close(),
  };
}
