#!/usr/bin/env node
// Container health check without curl in the image:
//   node deploy/docker/healthcheck.mjs PORT_VARIABLE DEFAULT_PORT [/path]
// Exits 0 when http://127.0.0.1:$PORT/path (default /readyz) answers 2xx within 3 s.
const [portVar = 'PORT', fallback = '8080', path = '/readyz'] = process.argv.slice(2);
const port = process.env[portVar] || fallback;
try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3_000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
