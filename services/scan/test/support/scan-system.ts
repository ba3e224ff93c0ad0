import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '@bookshelf/contracts';
import { ApiClient, startSystem, type System } from '@bookshelf/testkit';
import { startWorker, type RunningScanWorker } from '../../src/worker-server';
import { FakeLibrary, type CatalogueBook } from './fake-library';
import { SHELF_BOOKS } from './images';

export interface ScanSystem {
  sys: System;
  blobDir: string;
  /** The stand-in for the library queue (throws when the real library service runs). */
  library: FakeLibrary;
  worker: RunningScanWorker | null;
  /** A new reader with their own token. */
  reader(): Promise<ApiClient>;
  startWorker(): Promise<RunningScanWorker>;
  /** The scan-inference queue as BullMQ sees it (for looking at or removing scan.detect jobs). */
  inferenceQueue(): Queue;
  close(): Promise<void>;
}

export interface ScanSystemOptions {
  env?: NodeJS.ProcessEnv;
  /** Start the inference worker in this process. */
  worker?: boolean;
  /** 'real': the library service itself; 'fake' (default): its queue played by FakeLibrary. */
  library?: 'real' | 'fake';
  catalogue?: CatalogueBook[];
}

/**
 * Gateway + users + scan (+ library) in this process, a blob directory of its own, optionally
 * the inference worker in-process.
 */
export async function startScanSystem(opts: ScanSystemOptions = {}): Promise<ScanSystem> {
  const blobDir = await mkdtemp(join(tmpdir(), 'scan-blobs-'));
  const real = opts.library === 'real';
  const sys = await startSystem({ services: real ? ['users', 'library', 'scan'] : ['users', 'scan'], env: { SCAN_BLOB_DIR: blobDir, ...opts.env } });
  let inference: { redis: Redis; queue: Queue } | null = null;
  const library = real ? null : new FakeLibrary(String(sys.env.REDIS_URL), String(sys.env.QUEUE_PREFIX), opts.catalogue ?? SHELF_BOOKS);
  const out: ScanSystem = {
    sys,
    blobDir,
    get library(): FakeLibrary {
      if (!library) throw new Error('the real library service is running');
      return library;
    },
    worker: null,
    reader: async () => new ApiClient(sys.gatewayUrl, await sys.idp.token()),
    startWorker: async () => {
      out.worker = await startWorker({ ...sys.env, SCAN_INFERENCE_THREADS: '2', SCAN_INFERENCE_CONCURRENCY: '1', SCAN_WORKER_PORT: '0' });
      return out.worker;
    },
    inferenceQueue: () => {
      if (!inference) {
        const redis = new Redis(String(sys.env.REDIS_URL), { maxRetriesPerRequest: null });
        inference = { redis, queue: new Queue(QUEUES.scanInference, { connection: redis, prefix: String(sys.env.QUEUE_PREFIX) }) };
      }
      return inference.queue;
    },
    close: async () => {
      await inference?.queue.close();
      await inference?.redis.quit();
      await out.worker?.close();
      await library?.close();
      await sys.close();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
  if (opts.worker) await out.startWorker();
  return out;
}
