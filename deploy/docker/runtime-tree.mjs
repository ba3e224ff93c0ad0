#!/usr/bin/env node
// Copies what some workspace packages need at run time out of a fully installed pnpm
// workspace, keeping the repository's layout (so REPO_ROOT, migrations folders and relative
// paths work exactly as in development):
//
//   node deploy/docker/runtime-tree.mjs --out /out [--extra tsx] [--migrations] [--link] @bookshelf/scan …
//
// (--link hard-links files instead of copying them: the tests use it to build trees quickly.)
//
// What `pnpm deploy --prod` would do, minus what a running service never loads: devDependencies,
// the Prisma CLI (a production dependency of @bookshelf/db, needed only to generate clients),
// test/bench/scripts folders, other platforms' native binaries and other databases' Prisma query
// compilers. `--extra NAME` adds a root devDependency (tsx: the services run TypeScript directly).
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Dependencies never followed: the Prisma CLI (generation is a build step) and what optional
 * peers drag in for type checking only.
 */
const EXCLUDED = (name) => name === 'prisma' || name === 'typescript' || name.startsWith('@types/');
/** Folders of a workspace package that never run in production. */
const PACKAGE_SKIP = new Set(['node_modules', 'test', 'tests', 'bench', 'chaos', 'scripts', 'coverage', 'dist']);
const ANY_SKIP = (name) => name === '.vite' || name.endsWith('.test.ts') || name === '.DS_Store';

function parseArgs(argv) {
  const opts = { out: '', extras: [], migrations: false, link: false, root: process.cwd(), packages: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = resolve(argv[++i]);
    else if (a === '--extra') opts.extras.push(argv[++i]);
    else if (a === '--root') opts.root = resolve(argv[++i]);
    else if (a === '--migrations') opts.migrations = true;
    else if (a === '--link') opts.link = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.packages.push(a);
  }
  if (!opts.out || opts.packages.length === 0) throw new Error('usage: runtime-tree.mjs --out DIR [--extra NAME] [--migrations] [--link] PACKAGE…');
  return opts;
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function workspacePackages(root) {
  const byName = new Map();
  for (const group of ['packages', 'services']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const dir of readdirSync(base)) {
      const manifest = join(base, dir, 'package.json');
      if (existsSync(manifest)) byName.set(readJson(manifest).name, join(group, dir));
    }
  }
  return byName;
}

/** Every entry of a node_modules folder, scoped packages expanded (`@scope/name`). */
function entries(modulesDir) {
  if (!existsSync(modulesDir)) return [];
  const names = [];
  for (const name of readdirSync(modulesDir)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) for (const sub of readdirSync(join(modulesDir, name))) names.push(`${name}/${sub}`);
    else names.push(name);
  }
  return names;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = realpathSync(opts.root);
  const store = join(root, 'node_modules', '.pnpm');
  const workspaces = workspacePackages(root);
  const workspaceDirs = new Map([...workspaces].map(([name, dir]) => [join(root, dir), name]));

  const neededWorkspaces = new Set();
  const neededKeys = new Set();
  /** [link path relative to out, absolute real target] */
  const links = [];

  const storeKeyOf = (real) => {
    const rel = relative(store, real);
    if (rel.startsWith('..')) return null;
    return rel.split(sep)[0];
  };

  const markKey = (key) => {
    if (neededKeys.has(key)) return;
    neededKeys.add(key);
    const modules = join(store, key, 'node_modules');
    for (const name of entries(modules)) {
      const p = join(modules, name);
      if (!lstatSync(p).isSymbolicLink() || EXCLUDED(name) || !existsSync(p)) continue;
      const target = storeKeyOf(realpathSync(p));
      if (target) markKey(target);
    }
  };

  const addWorkspace = (name) => {
    if (neededWorkspaces.has(name)) return;
    const dir = workspaces.get(name);
    if (!dir) throw new Error(`${name} is not a workspace package`);
    neededWorkspaces.add(name);
    const manifest = readJson(join(root, dir, 'package.json'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      if (EXCLUDED(dep)) continue;
      const linkPath = join(root, dir, 'node_modules', dep);
      if (!existsSync(linkPath)) {
        if (manifest.optionalDependencies?.[dep]) continue;
        throw new Error(`${name}: dependency ${dep} is not installed (run pnpm install first)`);
      }
      const real = realpathSync(linkPath);
      links.push([join(dir, 'node_modules', dep), real]);
      const ws = workspaceDirs.get(real);
      if (ws) addWorkspace(ws);
      else {
        const key = storeKeyOf(real);
        if (!key) throw new Error(`${name}: ${dep} resolves outside the pnpm store (${real})`);
        markKey(key);
      }
    }
  };

  for (const name of opts.packages) addWorkspace(name);
  for (const extra of opts.extras) {
    const real = realpathSync(join(root, 'node_modules', extra));
    const key = storeKeyOf(real);
    if (!key) throw new Error(`--extra ${extra} is not in the pnpm store`);
    markKey(key);
    links.push([join('node_modules', extra), real]);
  }

  const out = opts.out;
  mkdirSync(out, { recursive: true });
  let link = opts.link;
  const place = (from, to) => {
    if (link) {
      try {
        linkSync(from, to);
        return;
      } catch (err) {
        if (err.code !== 'EXDEV' && err.code !== 'EPERM') throw err;
        link = false; // another filesystem: copy instead
      }
    }
    copyFileSync(from, to);
  };
  /** Copies a tree; symlinks stay symlinks (pnpm's layout is made of relative ones). */
  const copyTree = (from, to, skip = () => false, depth = 0) => {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      if (ANY_SKIP(name) || skip(name, depth)) continue;
      const src = join(from, name);
      const dst = join(to, name);
      const st = lstatSync(src);
      if (st.isSymbolicLink()) {
        if (!existsSync(src)) continue; // dangling (an optional dependency of another platform)
        const key = storeKeyOf(realpathSync(src));
        // A link to a package this tree leaves out (the Prisma CLI as an optional peer) is dropped.
        if (key && !neededKeys.has(key)) continue;
        symlinkSync(readlinkSync(src), dst);
      } else if (st.isDirectory()) copyTree(src, dst, () => false, depth + 1);
      else place(src, dst);
    }
  };

  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.base.json']) {
    if (existsSync(join(root, file))) place(join(root, file), join(out, file));
  }
  for (const name of neededWorkspaces) {
    const dir = workspaces.get(name);
    copyTree(join(root, dir), join(out, dir), (entry, depth) => depth === 0 && PACKAGE_SKIP.has(entry));
  }
  for (const key of neededKeys) copyTree(join(store, key), join(out, 'node_modules', '.pnpm', key));
  for (const [linkRel, real] of links) {
    const linkAbs = join(out, linkRel);
    const targetAbs = join(out, relative(root, real));
    mkdirSync(dirname(linkAbs), { recursive: true });
    rmSync(linkAbs, { recursive: true, force: true });
    symlinkSync(relative(dirname(linkAbs), targetAbs), linkAbs);
  }
  if (opts.migrations) {
    for (const dir of readdirSync(join(root, 'services'))) {
      const migrations = join(root, 'services', dir, 'prisma', 'migrations');
      if (existsSync(migrations)) copyTree(migrations, join(out, 'services', dir, 'prisma', 'migrations'));
    }
  }
  trim(join(out, 'node_modules', '.pnpm'));
  writeFileSync(join(out, '.runtime-tree.json'), `${JSON.stringify({ packages: [...neededWorkspaces].sort(), storePackages: neededKeys.size }, null, 2)}\n`);
  console.log(`runtime tree for ${opts.packages.join(', ')}: ${neededWorkspaces.size} workspace packages, ${neededKeys.size} store packages, ${mb(du(out))} MB`);
}

/** Files a Linux service on this architecture never loads. */
function trim(storeOut) {
  const arch = process.arch;
  for (const key of readdirSync(storeOut)) {
    if (key.startsWith('onnxruntime-node@')) {
      const bin = join(storeOut, key, 'node_modules', 'onnxruntime-node', 'bin');
      for (const napi of existsSync(bin) ? readdirSync(bin) : []) {
        for (const os of readdirSync(join(bin, napi))) {
          if (os !== 'linux') rmSync(join(bin, napi, os), { recursive: true, force: true });
          else for (const a of readdirSync(join(bin, napi, os))) if (a !== arch) rmSync(join(bin, napi, os, a), { recursive: true, force: true });
        }
      }
    }
    if (key.startsWith('@prisma+client@')) {
      const runtime = join(storeOut, key, 'node_modules', '@prisma', 'client', 'runtime');
      for (const f of existsSync(runtime) ? readdirSync(runtime) : []) {
        const otherDb = /^query_compiler_.*\.(sqlite|mysql|sqlserver|cockroachdb)\./.test(f);
        if (otherDb || f.endsWith('.map')) rmSync(join(runtime, f), { force: true });
      }
    }
  }
}

function du(p) {
  const st = lstatSync(p);
  if (st.isSymbolicLink()) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const name of readdirSync(p)) total += du(join(p, name));
  return total;
}
const mb = (bytes) => Math.round(bytes / 1e5) / 10;

try {
  main();
} catch (err) {
  console.error(`runtime-tree: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
