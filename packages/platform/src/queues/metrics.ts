import type { Queue } from 'bullmq';
import { promClient, registry } from '../metrics';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

/** Queue depth per state, read from Redis when Prometheus scrapes (no polling in between). */
export function trackQueueDepth(queues: Queue[]): void {
  const existing = registry.getSingleMetric('bullmq_jobs');
  if (existing) registry.removeSingleMetric('bullmq_jobs');
  new promClient.Gauge({
    name: 'bullmq_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (q) => {
          try {
            const counts = await q.getJobCounts(...STATES);
            for (const state of STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
          } catch {
            // Redis down: report nothing rather than fail the whole scrape.
          }
        }),
      );
    },
  });
}
