import { FlowProducer } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '@bookshelf/contracts';
import { envelope, jobOptions } from '@bookshelf/platform';
import type { BatchFanOut } from '../domain/training/training-service';

/**
 * One flow per training run: a `recs.train-finalize` parent whose children are the
 * `recs.train-batch` jobs. Job ids derive from the model version, so adding the same run's
 * flow again (a retried training job) adds nothing new. A batch that fails for good does not
 * hold the run hostage: the parent still runs and counts it as failed.
 */
export class FlowBatchFanOut implements BatchFanOut {
  private readonly flows: FlowProducer;

  constructor(connection: Redis, prefix: string) {
    this.flows = new FlowProducer({ connection, prefix });
    this.flows.on('error', () => undefined);
  }

  async start(modelVersion: string, batches: string[][]): Promise<void> {
    await this.flows.add({
      name: 'recs.train-finalize',
      queueName: QUEUES.recommender,
      data: envelope('recs.train-finalize', { modelVersion }),
      opts: jobOptions('recs.train-finalize', { jobId: `${modelVersion}-finalize` }),
      children: batches.map((userIds, i) => ({
        name: 'recs.train-batch',
        queueName: QUEUES.recommender,
        data: envelope('recs.train-batch', { modelVersion, userIds }),
        opts: jobOptions('recs.train-batch', { jobId: `${modelVersion}-batch-${i}`, ignoreDependencyOnFailure: true }),
      })),
    });
  }

  close(): Promise<void> {
    return this.flows.close();
  }
}
