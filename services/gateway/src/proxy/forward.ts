import http from 'node:http';
import type { Request, Response } from 'express';
import { ERROR_CODES } from '@bookshelf/contracts';
import { sendProblem, type Logger } from '@bookshelf/platform';

const agent = new http.Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 10_000 });

// Only these request headers travel upstream; identity travels as the internal token only.
const FORWARD_REQUEST = [
  'content-type',
  'content-length',
  'transfer-encoding',
  'accept',
  'accept-encoding',
  'if-match',
  'if-none-match',
  'idempotency-key',
  'last-event-id',
];
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'upgrade']);

export interface ForwardOptions {
  target: string;
  internalToken: string;
  timeoutMs: number | null;
  logger: Logger;
  onResponse?: (status: number) => void;
}

/** Streams the request to the owning service and its answer back; never buffers bodies. */
export function forward(req: Request, res: Response, opts: ForwardOptions): Promise<void> {
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const h of FORWARD_REQUEST) {
      const v = req.headers[h];
      if (v !== undefined) headers[h] = v;
    }
    headers.authorization = `Bearer ${opts.internalToken}`;
    headers['x-request-id'] = res.locals.requestId;
    const url = new URL(req.originalUrl, opts.target);
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    const upstream = http.request(
      { agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method, headers },
      (up) => {
        // The service answered before the client finished sending (e.g. 413 on an upload):
        // don't keep reading a body nobody wants, and don't leave the connection half-read
        // for the client's next request. Answer, then close the connection.
        const answeredEarly = !req.complete;
        if (answeredEarly) {
          req.unpipe(upstream);
          res.on('finish', () => req.socket.destroySoon());
        }
        res.status(up.statusCode ?? 502);
        for (const [k, v] of Object.entries(up.headers)) {
          if (v !== undefined && !HOP_BY_HOP.has(k)) res.setHeader(k, v);
        }
        res.setHeader('x-request-id', String(res.locals.requestId));
        if (answeredEarly) res.setHeader('connection', 'close');
        opts.onResponse?.(up.statusCode ?? 502);
        up.pipe(res);
        up.on('end', done);
        up.on('error', () => {
          res.destroy();
          done();
        });
      },
    );
    if (opts.timeoutMs) {
      upstream.setTimeout(opts.timeoutMs, () => upstream.destroy(new Error('upstream timeout')));
    }
    upstream.on('error', (err) => {
      opts.logger.warn({ err: err.message, target: opts.target }, 'upstream unavailable');
      if (!res.headersSent) {
        sendProblem(req, res, 503, ERROR_CODES.dependencyUnavailable, 'The service behind this route is unavailable', {
          headers: { 'retry-after': '5' },
        });
      } else {
        res.destroy();
      }
      done();
    });
    // A client that goes away (e.g. closes an SSE stream) releases the upstream request.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
      done();
    });
    req.pipe(upstream);
  });
}
