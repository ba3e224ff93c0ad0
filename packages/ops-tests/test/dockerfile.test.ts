import { existsSync, readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { effective, execForm, lineage, loadDockerfile, type Stage } from '../src/dockerfile';
import { httpPort, workspaceProcesses } from '../src/processes';
import { readRepoFile, repoPath } from '../src/repo';

const { text, stages } = loadDockerfile();
const processes = workspaceProcesses();
const stage = (name: string): Stage => {
  const s = stages.find((x) => x.name === name);
  if (!s) throw new Error(`Dockerfile has no stage "${name}"`);
  return s;
};
const cmdOf = (s: Stage) => execForm(effective(stages, s, 'CMD')?.args ?? '');
const packageName = (service: string) => (JSON.parse(readRepoFile('services', service, 'package.json')) as { name: string }).name;

describe('Dockerfile', () => {
  it('has no syntax errors (dockerfile-utils linter)', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds the runtime image from Node 24 slim, with tini as PID 1 and a non-root user', () => {
    const runtime = stage('runtime');
    expect(runtime.from).toBe('node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim');
    expect(text).toMatch(/^ARG NODE_VERSION=24$/m);
    expect(execForm(effective(stages, runtime, 'ENTRYPOINT')?.args ?? '')).toEqual(['/usr/bin/tini', '--']);
    expect(runtime.instructions.some((i) => i.keyword === 'RUN' && /apt-get install[^&]*\btini\b/.test(i.args))).toBe(true);
    expect(effective(stages, runtime, 'USER')?.args).toBe('node');
  });

  it('has a target per process that runs its entry file with tsx, on the runtime image', () => {
    for (const p of processes) {
      const s = stage(p.name);
      expect(lineage(stages, s).map((x) => x.name), p.name).toContain('runtime');
      expect(cmdOf(s), p.name).toEqual(['node', '--import', 'tsx', p.entry]);
      expect(existsSync(repoPath(p.entry)), p.entry).toBe(true);
      // Its files come from the runtime tree of its own package.
      const copy = s.instructions.find((i) => i.keyword === 'COPY' && i.args.startsWith('--from=tree-'));
      const tree = stage(/--from=(\S+)/.exec(copy?.args ?? '')?.[1] ?? '');
      const run = tree.instructions.find((i) => i.keyword === 'RUN' && i.args.includes('runtime-tree.mjs'));
      expect(run?.args, p.name).toContain(` ${packageName(p.service)}`);
      expect(run?.args, p.name).toContain('--extra tsx');
    }
    const migrate = stage('migrate');
    expect(cmdOf(migrate)).toEqual(['node', '--import', 'tsx', 'packages/db/src/cli.ts']);
    expect(existsSync(repoPath('packages/db/src/cli.ts'))).toBe(true);
  });

  it('health-checks each HTTP process on its port variable and default port; workers have none', async () => {
    for (const p of [...processes.map((x) => x.name), 'migrate']) {
      const proc = processes.find((x) => x.name === p);
      const port = proc ? await httpPort(proc) : null;
      const hc = effective(stages, stage(p), 'HEALTHCHECK')?.args ?? 'NONE';
      if (!port) {
        expect(hc, p).toBe('NONE');
        continue;
      }
      const cmd = execForm(hc);
      expect(cmd?.slice(0, 4), p).toEqual(['node', 'deploy/docker/healthcheck.mjs', port.variable, String(port.port)]);
      expect(stage(p).instructions.find((i) => i.keyword === 'EXPOSE')?.args, p).toBe(String(port.port));
    }
  });

  it('generates the Prisma clients offline and installs from the lockfile only', () => {
    expect(text).toMatch(/pnpm fetch/);
    expect(text).toMatch(/pnpm install --offline --frozen-lockfile/);
    expect(text).toMatch(/PRISMA_SCHEMA_ENGINE_BINARY="\$\(command -v node\)" node scripts\/prisma-generate\.mjs/);
  });

  it('keeps the build context small and free of secrets (.dockerignore)', () => {
    const ignore = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['**/node_modules', '.git', '.env', '.tools', '.data', '**/src/data/generated']) expect(ignore, entry).toContain(entry);
    // What the build needs must not be ignored.
    for (const needed of ['pnpm-lock.yaml', 'scripts', 'deploy', 'packages', 'services']) expect(ignore).not.toContain(needed);
  });
});
