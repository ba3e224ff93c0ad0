import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '@bookshelf/db';
import { commonEnv, databaseEnv, internalAuthEnv, loadEnv, redisEnv } from '@bookshelf/platform';

const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);
/** An empty variable (`FOO=`, compose's `${FOO:-}`) counts as unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/**
 * Where originals and derivatives live. Without a bucket, files under SCAN_BLOB_DIR (every
 * process must then mount the same directory); with one, an S3-compatible store that any number
 * of replicas share, and SCAN_BLOB_DIR only holds uploads while they are checked.
 */
const blobEnv = {
  /** A relative path is taken from the repository root. */
  SCAN_BLOB_DIR: z
    .string()
    .min(1)
    .default('.data/scans')
    .transform((dir) => (isAbsolute(dir) ? dir : join(REPO_ROOT, dir))),
  SCAN_S3_BUCKET: optional(z.string()),
  /** Lets several deployments share one bucket. */
  SCAN_S3_PREFIX: optional(z.string()),
  /** MinIO, R2, Ceph…; AWS itself needs none. */
  SCAN_S3_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
  SCAN_S3_REGION: z.string().min(1).default('us-east-1'),
  /** `endpoint/bucket/key` URLs, for stores without per-bucket host names (MinIO, most self-hosted ones). */
  SCAN_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Both or neither; without them the SDK's default chain applies (AWS_* env, web identity, instance role). */
  SCAN_S3_ACCESS_KEY_ID: optional(z.string()),
  SCAN_S3_SECRET_ACCESS_KEY: optional(z.string()),
  SCAN_S3_MAX_ATTEMPTS: int(1, 3),
  /** Per attempt, so a dead store fails a request instead of holding it forever. */
  SCAN_S3_TIMEOUT_MS: int(100, 30_000),
};
export type BlobStoreConfig = z.infer<z.ZodObject<typeof blobEnv>>;

function credentialsInPairs(env: Pick<BlobStoreConfig, 'SCAN_S3_ACCESS_KEY_ID' | 'SCAN_S3_SECRET_ACCESS_KEY'>, ctx: z.RefinementCtx) {
  if (!env.SCAN_S3_ACCESS_KEY_ID !== !env.SCAN_S3_SECRET_ACCESS_KEY) {
    ctx.addIssue({ code: 'custom', path: ['SCAN_S3_SECRET_ACCESS_KEY'], message: 'SCAN_S3_ACCESS_KEY_ID and SCAN_S3_SECRET_ACCESS_KEY go together' });
  }
}

/** What both scan processes (API and inference worker) need. */
const sharedEnv = {
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...blobEnv,
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
  /** How often scans left queued with no job are looked for, and after how long one counts as left. */
  SCAN_REQUEUE_INTERVAL_MS: int(100, 60_000),
  SCAN_STUCK_AFTER_MS: int(100, 2 * 60_000),
}).superRefine(credentialsInPairs);
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
}).superRefine(credentialsInPairs);
export type ScanWorkerConfig = z.infer<typeof ScanWorkerConfig> & { SCAN_INFERENCE_CONCURRENCY: number };

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ScanApiConfig {
  return loadEnv(ScanApiConfig, env);
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): ScanWorkerConfig {
  const parsed = loadEnv(ScanWorkerConfig, env);
  const concurrency = parsed.SCAN_INFERENCE_CONCURRENCY ?? Math.max(1, Math.floor(cores / parsed.SCAN_INFERENCE_THREADS));
  return { ...parsed, SCAN_INFERENCE_CONCURRENCY: concurrency };
}
