import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { COMMANDS, payloadSchema, type CommandName, type JobMeta, type JobPayload, type QueueName } from '@bookshelf/contracts';
import { currentContext } from '../context';
import { DependencyUnavailableError } from '../errors';
import { jobOptions } from './options';

/** Typed producer: payloads are validated against the job catalogue before they reach Redis. */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      // Errors surface on the add() promise; this only keeps an idle queue from crashing the process.
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  async send<N extends CommandName>(name: N, payload: JobPayload<N>, opts: JobsOptions = {}): Promise<string> {
    const data = envelope(name, payload);
    // A fail-fast (request) connection that is down: answer 503 now. BullMQ would otherwise wait
    // for the connection to come back before the first add() on a queue it has not used yet.
    if (this.connection.status !== 'ready' && this.connection.options.enableOfflineQueue === false) {
      throw new DependencyUnavailableError(`queue (redis ${this.connection.status})`);
    }
    try {
      const job = await this.queue(COMMANDS[name].queue).add(name, data, jobOptions(name, opts));
      return job.id ?? '';
    } catch (err) {
      throw new DependencyUnavailableError(`queue (${err instanceof Error ? err.message : 'redis'})`);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

export function envelope<N extends CommandName>(name: N, payload: JobPayload<N>, meta: JobMeta = {}) {
  const parsed = payloadSchema(name).parse(payload) as JobPayload<N>;
  const requestId = meta.requestId ?? currentContext().requestId;
  return { meta: { ...meta, ...(requestId ? { requestId } : {}) }, payload: parsed };
}
