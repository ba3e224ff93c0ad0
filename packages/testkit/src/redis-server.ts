import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './ports';

/**
 * A Redis server of the test's own (the machine's redis-server binary), so a test can stop
 * and restart it, or start it with the wrong eviction policy, without touching anyone else.
 */
export class DisposableRedis {
  private proc: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  static async start(extraArgs: string[] = []): Promise<DisposableRedis> {
    const r = new DisposableRedis(await freePort(), extraArgs);
    await r.restart();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', ...this.args],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        probe.disconnect();
      }
    }
    throw new Error('redis-server did not start');
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise((resolve) => {
      p.once('exit', resolve);
      p.kill('SIGKILL');
    });
    this.proc = null;
  }
}
