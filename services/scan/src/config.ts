import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '@bookshelf/db';
import { commonEnv, databaseEnv, internalAuthEnv, loadEnv, redisEnv } from '@bookshelf/platform';

const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

/** What both scan processes (API and inference worker) need. */
const sharedEnv = {
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  /** Originals and derivatives; a relative path is taken from the repository root. */
  SCAN_BLOB_DIR: z
    .string()
    .min(1)
    .default('.data/scans')
    .transform((dir) => (isAbsolute(dir) ? dir : join(REPO_ROOT, dir))),
};

export const ScanApiConfig = z.object({
  ...sharedEnv,
  ...internalAuthEnv,
  SCAN_PORT: z.coerce.number().int().min(0).max(65535).default(8083),
  HOST: z.string().default('0.0.0.0'),
  SCAN_MAX_UPLOAD_BYTES: int(1, 20 * 1024 * 1024),
  /** Larger photos are refused from their header, before anything is decoded. */
  SCAN_MAX_PIXELS: int(1, 40_000_000),
  SCAN_SSE_HEARTBEAT_MS: int(100, 15_000),
  /** An event stream is closed after this long; the app reconnects and gets a replay. */
  SCAN_SSE_MAX_MS: int(1_000, 10 * 60_000),
});
export type ScanApiConfig = z.infer<typeof ScanApiConfig>;

const cores = availableParallelism();

export const ScanWorkerConfig = z.object({
  ...sharedEnv,
  SCAN_MAX_PIXELS: int(1, 40_000_000),
  /** ONNX Runtime threads per analysis. */
  SCAN_INFERENCE_THREADS: int(1, Math.min(2, cores)),
  /** Scans analysed at once; by default one per `SCAN_INFERENCE_THREADS` cores. */
  SCAN_INFERENCE_CONCURRENCY: z.coerce.number().int().min(1).optional(),
  /** A dead worker's job is taken over after its lock expires and a stalled check runs. */
  SCAN_INFERENCE_LOCK_MS: int(1_000, 60_000),
  SCAN_INFERENCE_STALLED_INTERVAL_MS: int(500, 30_000),
  /** When set, the worker serves /healthz, /readyz and /metrics (pipeline stage timings) on this port. */
  SCAN_WORKER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().default('0.0.0.0'),
});
export type ScanWorkerConfig = z.infer<typeof ScanWorkerConfig> & { SCAN_INFERENCE_CONCURRENCY: number };

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ScanApiConfig {
  return loadEnv(ScanApiConfig, env);
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): ScanWorkerConfig {
  const parsed = loadEnv(ScanWorkerConfig, env);
  const concurrency = parsed.SCAN_INFERENCE_CONCURRENCY ?? Math.max(1, Math.floor(cores / parsed.SCAN_INFERENCE_THREADS));
  return { ...parsed, SCAN_INFERENCE_CONCURRENCY: concurrency };
}
