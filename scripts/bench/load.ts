import autocannon from 'autocannon';

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
}

/** Runs one autocannon load where each connection carries its own Authorization header. */
export async function load(name: string, url: string, tokens: string[], opts: { connections?: number; seconds?: number } = {}): Promise<LoadResult> {
  const connections = opts.connections ?? 64;
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: opts.seconds ?? 10,
    setupClient: (client) => {
      const token = tokens[next++ % tokens.length]!;
      client.setHeaders({ authorization: `Bearer ${token}` });
    },
  });
  return {
    name,
    mean: Math.round(result.latency.average * 100) / 100,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
