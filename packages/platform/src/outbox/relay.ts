import type { Pool, PoolClient } from 'pg';
import { SUBSCRIPTIONS, type EventType, type QueueName } from '@bookshelf/contracts';
import type { Logger } from '../logger';
import { outboxLag } from '../metrics';
import type { JobProducer } from '../queues/producer';
import { jobOptions } from '../queues/options';
import { outboxChannel, quoteSchema } from './sql';

export interface OutboxRelayOptions {
  pool: Pool;
  schema: string;
  producer: JobProducer;
  logger: Logger;
  batchSize?: number;
  pollMs?: number;
  retentionDays?: number;
}

interface OutboxRow {
  id: string;
  type: EventType;
  payload: unknown;
  meta: Record<string, unknown>;
  created_at: Date;
}

export interface OutboxRelay {
  /** Publishes everything pending now; resolves with the number relayed (used by tests). */
  flush(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Moves committed events from the outbox to every subscribing queue. Rows are claimed
 * with FOR UPDATE SKIP LOCKED so several replicas can relay in parallel; the event id is
 * the job id, so a crash between enqueue and marking published cannot double-deliver
 * while the job is retained, and consumers' inboxes cover the rest.
 */
export function startOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const table = `${quoteSchema(opts.schema)}.outbox`;
  const batchSize = opts.batchSize ?? 200;
  const pollMs = opts.pollMs ?? 1_000;
  let stopped = false;
  let wake: (() => void) | null = null;
  let listener: PoolClient | null = null;
  let running: Promise<number> | null = null;
  let lastCleanup = 0;

  async function relayBatch(): Promise<number> {
    const client = await opts.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, type, payload, meta, created_at FROM ${table}
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const byQueue = new Map<QueueName, { name: string; data: unknown; opts: ReturnType<typeof jobOptions> }[]>();
      for (const row of rows) {
        const sub = SUBSCRIPTIONS[row.type];
        if (!sub) continue;
        for (const q of sub.queues) {
          const list = byQueue.get(q) ?? [];
          list.push({
            name: row.type,
            data: { meta: { ...row.meta, eventId: row.id, occurredAt: row.created_at.toISOString() }, payload: row.payload },
            opts: jobOptions(row.type, { jobId: row.id }),
          });
          byQueue.set(q, list);
        }
      }
      await Promise.all([...byQueue].map(([q, jobs]) => opts.producer.queue(q).addBulk(jobs)));
      await client.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
      await client.query('COMMIT');
      const now = Date.now();
      for (const r of rows) outboxLag.observe({ schema: opts.schema }, (now - r.created_at.getTime()) / 1000);
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async function flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await relayBatch();
      total += n;
      if (n < batchSize) return total;
    }
  }

  async function cleanup(): Promise<void> {
    if (Date.now() - lastCleanup < 3_600_000) return;
    lastCleanup = Date.now();
    await opts.pool.query(
      `DELETE FROM ${table} WHERE published_at < now() - make_interval(days => $1)`,
      [opts.retentionDays ?? 7],
    );
  }

  async function listen(): Promise<void> {
    try {
      listener = await opts.pool.connect();
      listener.on('notification', () => wake?.());
      listener.on('error', () => {
        listener?.release(true);
        listener = null;
      });
      await listener.query(`LISTEN ${outboxChannel(opts.schema)}`);
    } catch {
      listener?.release(true);
      listener = null;
    }
  }

  async function loop(): Promise<void> {
    let backoff = 250;
    while (!stopped) {
      try {
        if (!listener) await listen();
        running = flush();
        await running;
        running = null;
        await cleanup();
        backoff = 250;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, pollMs).unref();
        });
      } catch (err) {
        running = null;
        opts.logger.warn({ err }, 'outbox relay failed; retrying');
        await new Promise((r) => setTimeout(r, backoff).unref());
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  void loop();
  return {
    flush: async () => {
      if (running) await running.catch(() => 0);
      return flush();
    },
    close: async () => {
      stopped = true;
      wake?.();
      if (running) await running.catch(() => 0);
      listener?.release();
      listener = null;
    },
  };
}
