import { Server as NetServer, type AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Server } from 'node:http';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

const FORCE_AFTER_MS = 20_000;

export interface ListenOptions {
  /**
   * How long to keep accepting after shutdown starts (readiness already reports 503), so load
   * balancers stop routing here before the listener closes: connections still in the kernel's
   * backlog when it closes would be reset, not answered.
   */
  drainMs?: number;
}

/**
 * Listens, and closes gracefully: keep serving through a drain period (every response says
 * `Connection: close`), then stop accepting, answer every request already accepted, and drop
 * sockets that stay idle. http.Server#close() would drop idle keep-alive sockets at once,
 * resetting a request a client has just written to one; so the listener is closed on its own.
 */
export async function listen(app: Express, port: number, host = '0.0.0.0', opts: ListenOptions = {}): Promise<RunningServer> {
  let closing = false;
  const drainMs = opts.drainMs ?? 2_000;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
  server.on('request', (_req, res) => {
    if (closing) res.setHeader('connection', 'close');
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (closing) return resolve();
        closing = true;
        let sweep: NodeJS.Timeout | undefined;
        let force: NodeJS.Timeout | undefined;
        setTimeout(() => {
          NetServer.prototype.close.call(server, () => {
            clearInterval(sweep);
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
          sweep = setInterval(() => server.closeIdleConnections(), 100);
          force = setTimeout(() => server.closeAllConnections(), FORCE_AFTER_MS);
        }, drainMs);
      }),
  };
}

