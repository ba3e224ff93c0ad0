import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test can cut: while down it drops every open connection and refuses new
 * ones, as a crashed or partitioned database would look to the service.
 */
export class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private down = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<CuttableProxy> {
    let proxy: CuttableProxy | null = null;
    const server = createServer((client) => {
      if (!proxy || proxy.down) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, targetHost);
      proxy.sockets.add(client);
      proxy.sockets.add(upstream);
      const cleanup = () => {
        client.destroy();
        upstream.destroy();
        proxy?.sockets.delete(client);
        proxy?.sockets.delete(upstream);
      };
      client.on('error', cleanup).on('close', cleanup);
      upstream.on('error', cleanup).on('close', cleanup);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    proxy = new CuttableProxy(server, typeof addr === 'object' && addr ? addr.port : 0);
    return proxy;
  }

  cut(): void {
    this.down = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((r) => this.server.close(r));
  }
}
