import { z } from 'zod';
import { commonEnv, databaseEnv, internalAuthEnv, loadEnv, redisEnv } from '@bookshelf/platform';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const bool = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(fallback)
    .transform((v) => v === 'true');

export const RecommenderConfig = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...internalAuthEnv,
  RECOMMENDER_PORT: int(0, 65535, 8084),
  HOST: z.string().default('0.0.0.0'),
  /** Serving model, chosen by the offline evaluation (docs/recommender-eval.md: EASE leads). */
  RECS_MODEL: z.enum(['ease', 'item-knn', 'popularity']).default('ease'),
  /** Hyper-parameter overrides; unset ones take the offline-tuned values (TUNED_SPECS). */
  RECS_EASE_LAMBDA: z.coerce.number().positive().optional(),
  RECS_EASE_NEIGHBOURS: z.coerce.number().int().min(1).max(100_000).optional(),
  RECS_KNN_NEIGHBOURS: z.coerce.number().int().min(1).max(100_000).optional(),
  RECS_KNN_SHRINK: z.coerce.number().min(0).optional(),
  /** Cron of the training job scheduler; "off" leaves training to manual runs. */
  RECS_TRAIN_CRON: z.string().min(1).default('0 3 * * *'),
  RECS_TRAIN_TZ: z.string().min(1).default('UTC'),
  /** Recommendations stored per reader. */
  RECS_TOP_N: int(1, 500, 50),
  /** Readers per recs.train-batch child job. */
  RECS_BATCH_USERS: int(1, 5_000, 500),
  /** A library change is folded into one refresh of the reader's list after this delay. */
  RECS_REFRESH_DELAY_MS: int(0, 60_000, 10_000),
  /** Trained models kept in Postgres (older ones are pruned after a run completes). */
  RECS_MODELS_KEEP: int(1, 100, 3),
  RECS_WORKER: bool('true'),
  RECS_WORKER_CONCURRENCY: int(1, 16, 2),
  /** Fitting a model holds the event loop for seconds: the job lock must outlast it. */
  RECS_WORKER_LOCK_MS: int(30_000, 3_600_000, 300_000),
  /** How often the worker looks for jobs whose worker died (lock expired); BullMQ's default when unset. */
  RECS_WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(3_600_000).optional(),
});
export type RecommenderConfig = z.infer<typeof RecommenderConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RecommenderConfig {
  return loadEnv(RecommenderConfig, env);
}
