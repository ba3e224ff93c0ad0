import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** CPU jiffies [total, steal] from /proc/stat (Linux), or null elsewhere. */
function cpuTimes(): [number, number] | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return [fields.reduce((a, b) => a + b, 0), fields[7] ?? 0];
  } catch {
    return null;
  }
}

export interface LoadResult {
  name: string;
  rps: number;
  /** autocannon's percentiles are whole milliseconds; the mean keeps the fraction. */
  mean: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
  /** Share of the machine's CPU time the hypervisor gave to others during the run (%), if known. */
  steal: number | null;
}

/** Runs one autocannon load where each connection carries its own Authorization header. */
export async function load(name: string, url: string, tokens: string[], opts: { connections?: number; seconds?: number } = {}): Promise<LoadResult> {
  const connections = opts.connections ?? 64;
  let next = 0;
  const before = cpuTimes();
  const result = await autocannon({
    url,
    connections,
    duration: opts.seconds ?? 10,
    setupClient: (client) => {
      const token = tokens[next++ % tokens.length]!;
      client.setHeaders({ authorization: `Bearer ${token}` });
    },
  });
  const after = cpuTimes();
  const steal = before && after && after[0] > before[0] ? Math.round((1000 * (after[1] - before[1])) / (after[0] - before[0])) / 10 : null;
  return {
    name,
    steal,
    mean: Math.round(result.latency.average * 100) / 100,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
