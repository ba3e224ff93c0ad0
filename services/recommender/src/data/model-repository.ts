import type { PrismaClient } from './prisma';

export interface ModelMeta {
  version: string;
  kind: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  status: 'ready' | 'complete';
  trainJobId: string;
  createdAt: Date;
  completedAt: Date | null;
}

export interface NewModel {
  version: string;
  kind: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  blob: Uint8Array;
  trainJobId: string;
}

const META = {
  version: true,
  kind: true,
  params: true,
  metrics: true,
  status: true,
  trainJobId: true,
  createdAt: true,
  completedAt: true,
} as const;

function toMeta(row: { [K in keyof typeof META]: unknown }): ModelMeta {
  return row as ModelMeta;
}

/** Trained models: a version row with the serialised model as bytea. */
export class ModelRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByTrainJob(trainJobId: string): Promise<ModelMeta | null> {
    const row = await this.prisma.model.findUnique({ where: { trainJobId }, select: META });
    return row ? toMeta(row) : null;
  }

  async find(version: string): Promise<ModelMeta | null> {
    const row = await this.prisma.model.findUnique({ where: { version }, select: META });
    return row ? toMeta(row) : null;
  }

  /** Stores a model once per training job: a retried job gets the model its first attempt stored. */
  async insertOnce(m: NewModel): Promise<ModelMeta> {
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO models (version, kind, params, metrics, blob, train_job_id)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6) ON CONFLICT (train_job_id) DO NOTHING`,
      m.version,
      m.kind,
      JSON.stringify(m.params),
      JSON.stringify(m.metrics),
      m.blob,
      m.trainJobId,
    );
    const stored = await this.findByTrainJob(m.trainJobId);
    if (!stored) throw new Error(`model of training job ${m.trainJobId} vanished`);
    return stored;
  }

  /** The run's batch boundaries: the first caller's plan wins, later attempts get the same one. */
  async planBatches(version: string, boundaries: string[]): Promise<string[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ batch_plan: string[] }[]>(
      `UPDATE models SET batch_plan = coalesce(batch_plan, $2::jsonb) WHERE version = $1 RETURNING batch_plan`,
      version,
      JSON.stringify(boundaries),
    );
    return rows[0]?.batch_plan ?? boundaries;
  }

  /** The newest trained model: what reader refreshes and live rankings use. */
  async latestVersion(): Promise<string | null> {
    const row = await this.prisma.model.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
    return row?.version ?? null;
  }

  async blob(version: string): Promise<Uint8Array | null> {
    const row = await this.prisma.model.findUnique({ where: { version }, select: { blob: true } });
    return row?.blob ?? null;
  }

  /** Records the run's outcome next to the training metrics (merged, so a rerun just overwrites `run`). */
  async complete(version: string, run: Record<string, unknown>): Promise<void> {
    await this.prisma.$executeRawUnsafe(
      `UPDATE models SET status = 'complete', completed_at = coalesce(completed_at, now()),
              metrics = metrics || jsonb_build_object('run', $2::jsonb)
        WHERE version = $1`,
      version,
      JSON.stringify(run),
    );
  }

  /** Keeps the newest `keep` completed models and anything newer (a run still in progress). */
  async prune(keep: number): Promise<number> {
    return this.prisma.$executeRawUnsafe(
      `DELETE FROM models WHERE version < (
         SELECT min(version) FROM (SELECT version FROM models WHERE status = 'complete' ORDER BY version DESC LIMIT $1) k)`,
      keep,
    );
  }
}
