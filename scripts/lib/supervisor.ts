import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93];

export interface ProcessSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
}

/** Runs each process with its output prefixed by its name, and stops them all together. */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;
  private readonly width: number;

  constructor(
    private readonly tsx: string,
    private readonly specs: ProcessSpec[],
    private readonly onExit: (code: number) => void,
  ) {
    this.width = Math.max(...specs.map((s) => s.name.length));
  }

  start(): void {
    this.specs.forEach((spec, i) => {
      const child = spawn(this.tsx, [spec.entry], { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
      this.children.set(spec.name, child);
      const label = `\x1b[${COLORS[i % COLORS.length]}m${spec.name.padEnd(this.width)} |\x1b[0m`;
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${label} ${line}\n`));
      }
      child.on('exit', (code, signal) => {
        this.children.delete(spec.name);
        if (!this.stopping) {
          process.stdout.write(`${label} exited (${signal ?? code}); stopping the system\n`);
          void this.stop(1);
        } else if (this.children.size === 0) {
          this.onExit(0);
        }
      });
    });
  }

  async stop(code = 0): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const child of this.children.values()) child.kill('SIGTERM');
    setTimeout(() => {
      for (const child of this.children.values()) child.kill('SIGKILL');
      this.onExit(code);
    }, 30_000).unref();
    if (this.children.size === 0) this.onExit(code);
  }
}
