import type { Express } from 'express';
import { isShuttingDown } from '../shutdown';

export type HealthCheck = () => Promise<unknown>;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** /healthz: the process is alive. /readyz: every dependency answers a real query in time. */
export function mountHealth(app: Express, checks: Record<string, HealthCheck>, timeoutMs = 2_000): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down', checks: {} });
      return;
    }
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs);
          return [name, { status: 'ok' }] as const;
        } catch (err) {
          return [name, { status: 'down', error: err instanceof Error ? err.message : String(err) }] as const;
        }
      }),
    );
    const ok = results.every(([, r]) => r.status === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'down', checks: Object.fromEntries(results) });
  });
}
