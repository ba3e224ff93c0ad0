import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@bookshelf/platform';
import { loadApiConfig, loadWorkerConfig } from '../config';
import { createBlobStore } from './blob-store-factory';
import { FsBlobStore } from './fs-blob-store';
import { S3BlobStore } from './s3-blob-store';

const API = { INTERNAL_TOKEN_SECRET: 'x'.repeat(32) };

describe('createBlobStore', () => {
  it('uses the blob directory when no bucket is configured (an empty variable counts as unset)', async () => {
    for (const env of [{ SCAN_BLOB_DIR: '/srv/scans' }, { SCAN_BLOB_DIR: '/srv/scans', SCAN_S3_BUCKET: '', SCAN_S3_ENDPOINT: '' }]) {
      const storage = createBlobStore(loadWorkerConfig(env));
      expect(storage.blobs).toBeInstanceOf(FsBlobStore);
      expect((storage.blobs as FsBlobStore).root).toBe('/srv/scans');
      expect(storage.incomingDir).toBe(join('/srv/scans', '.incoming'));
      expect(storage.location).toEqual({ store: 'fs', dir: '/srv/scans' });
      await storage.close();
    }
  });

  it('uses S3 when SCAN_S3_BUCKET is set, in the API and the worker alike; uploads are still spooled locally', async () => {
    const env = {
      SCAN_BLOB_DIR: '/srv/scans',
      SCAN_S3_BUCKET: 'bookshelf-scans',
      SCAN_S3_PREFIX: 'prod/',
      SCAN_S3_ENDPOINT: 'https://s3.example.net:9000',
      SCAN_S3_REGION: 'eu-central-1',
      SCAN_S3_FORCE_PATH_STYLE: 'true',
      SCAN_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      SCAN_S3_SECRET_ACCESS_KEY: 'do-not-log-me',
    };
    for (const config of [loadWorkerConfig(env), loadApiConfig({ ...env, ...API })]) {
      const storage = createBlobStore(config);
      expect(storage.blobs).toBeInstanceOf(S3BlobStore);
      expect(storage.incomingDir).toBe(join('/srv/scans', '.incoming'));
      expect(storage.location).toEqual({
        store: 's3',
        bucket: 'bookshelf-scans',
        prefix: 'prod/',
        region: 'eu-central-1',
        endpoint: 'https://s3.example.net:9000',
      });
      expect(JSON.stringify(storage.location)).not.toContain('do-not-log-me');
      await storage.close();
    }
  });
});

describe('S3 settings', () => {
  it('have defaults that need nothing set: region us-east-1, virtual-host URLs, 3 attempts', () => {
    const config = loadWorkerConfig({});
    expect(config.SCAN_S3_BUCKET).toBeUndefined();
    expect(config).toMatchObject({
      SCAN_S3_REGION: 'us-east-1',
      SCAN_S3_FORCE_PATH_STYLE: false,
      SCAN_S3_MAX_ATTEMPTS: 3,
      SCAN_S3_TIMEOUT_MS: 30_000,
    });
  });

  it('parse the path-style flag as true/false only', () => {
    expect(loadWorkerConfig({ SCAN_S3_FORCE_PATH_STYLE: 'true' }).SCAN_S3_FORCE_PATH_STYLE).toBe(true);
    expect(loadWorkerConfig({ SCAN_S3_FORCE_PATH_STYLE: 'false' }).SCAN_S3_FORCE_PATH_STYLE).toBe(false);
    expect(() => loadWorkerConfig({ SCAN_S3_FORCE_PATH_STYLE: 'yes' })).toThrow(ConfigError);
  });

  it('refuse an endpoint that is not a URL, and half a key pair', () => {
    expect(() => loadWorkerConfig({ SCAN_S3_ENDPOINT: 'minio:9000' })).toThrow(/SCAN_S3_ENDPOINT/);
    expect(() => loadWorkerConfig({ SCAN_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' })).toThrow(/SCAN_S3_SECRET_ACCESS_KEY/);
    expect(() => loadApiConfig({ ...API, SCAN_S3_SECRET_ACCESS_KEY: 'secret' })).toThrow(/go together/);
  });
});
