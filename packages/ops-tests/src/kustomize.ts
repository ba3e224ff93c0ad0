import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readYaml, readYamlDocuments } from './repo';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { path?: string; patch?: string; target?: PatchTarget }[];
}
interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** The fields this renderer understands; anything else fails loudly instead of rendering wrong. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass']);
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

export const objectKey = (o: K8sObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Files a kustomization refers to (resources that are files, patch files), for existence checks. */
export function referencedFiles(dir: string): string[] {
  const k = loadKustomization(dir);
  const files: string[] = [];
  for (const r of k.resources ?? []) {
    const p = resolve(dir, r);
    if (existsSync(p) && statSync(p).isDirectory()) files.push(...referencedFiles(p));
    else files.push(p);
  }
  for (const patch of k.patches ?? []) if (patch.path) files.push(resolve(dir, patch.path));
  return files.concat(join(dir, 'kustomization.yaml'));
}

function loadKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${dir}: no kustomization.yaml`);
  const k = readYaml<Kustomization>(file);
  const unsupported = Object.keys(k).filter((f) => !SUPPORTED.has(f));
  if (unsupported.length > 0) throw new Error(`${file}: ${unsupported.join(', ')} not supported by the test's kustomize subset (extend src/kustomize.ts)`);
  return k;
}

/**
 * Renders a kustomization with the subset of kustomize this repository uses: resources (files
 * and kustomization folders), namespace, images, and strategic-merge patches of maps and scalars
 * (by name or by target with kind and an anchored name regex). A stand-in for machines without
 * kustomize; where `kubectl` exists the tests check both agree.
 */
export function renderKustomization(dir: string): K8sObject[] {
  const k = loadKustomization(dir);
  let objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const p = resolve(dir, entry);
    if (!existsSync(p)) throw new Error(`${dir}/kustomization.yaml: resource ${entry} does not exist`);
    if (statSync(p).isDirectory()) objects.push(...renderKustomization(p));
    else objects.push(...readYamlDocuments(p).map((d) => asObject(d, p)));
  }
  for (const patch of k.patches ?? []) {
    if (!patch.path) throw new Error(`${dir}: inline patches are not supported by the subset renderer`);
    const file = resolve(dir, patch.path);
    if (!existsSync(file)) throw new Error(`${dir}/kustomization.yaml: patch ${patch.path} does not exist`);
    const docs = readYamlDocuments(file).map((d) => asObject(d, file));
    if (docs.length !== 1) throw new Error(`${file}: one patch per file`);
    const doc = docs[0]!;
    const targets = objects.filter((o) => (patch.target ? matchesTarget(o, patch.target) : o.kind === doc.kind && o.metadata.name === doc.metadata.name));
    if (targets.length === 0) throw new Error(`${file}: the patch matches no resource`);
    objects = objects.map((o) => {
      if (!targets.includes(o)) return o;
      // The patch's own name only selects (without a target); it never renames.
      return strategicMerge(o, { ...doc, metadata: omit(doc.metadata, ['name', 'namespace']) }, file) as K8sObject;
    });
  }
  if (k.namespace) {
    const ns = k.namespace;
    objects = objects.map((o) => {
      if (o.kind === 'Namespace') return { ...o, metadata: { ...o.metadata, name: ns } };
      if (CLUSTER_SCOPED.has(o.kind)) return o;
      return { ...o, metadata: { ...o.metadata, namespace: ns } };
    });
  }
  for (const image of k.images ?? []) objects = objects.map((o) => setImages(o, image));
  const seen = new Set<string>();
  for (const o of objects) {
    if (seen.has(objectKey(o))) throw new Error(`${dir}: ${objectKey(o)} is defined twice`);
    seen.add(objectKey(o));
  }
  return objects;
}

function asObject(doc: unknown, file: string): K8sObject {
  const o = doc as Partial<K8sObject>;
  if (!o || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') {
    throw new Error(`${file}: every document needs apiVersion, kind and metadata.name`);
  }
  return o as K8sObject;
}

function omit<T extends object>(o: T, keys: string[]): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))) as Partial<T>;
}

function matchesTarget(o: K8sObject, t: PatchTarget): boolean {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const anchored = (re: string, value: string) => new RegExp(`^(?:${re})$`).test(value);
  return (
    (t.kind === undefined || anchored(t.kind, o.kind)) &&
    (t.name === undefined || anchored(t.name, o.metadata.name)) &&
    (t.group === undefined || anchored(t.group, group ?? '')) &&
    (t.version === undefined || anchored(t.version, version ?? '')) &&
    (t.namespace === undefined || anchored(t.namespace, o.metadata.namespace ?? ''))
  );
}

/** Maps merge key by key, scalars replace, null deletes. Lists need SMP merge keys: refused. */
function strategicMerge(base: unknown, patch: unknown, file: string): unknown {
  if (Array.isArray(patch)) throw new Error(`${file}: list patches need strategic-merge keys, which the subset renderer does not implement`);
  if (patch === null || typeof patch !== 'object') return patch;
  const out: Record<string, unknown> = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = strategicMerge(out[key], value, file);
  }
  return out;
}

function setImages(o: K8sObject, image: NonNullable<Kustomization['images']>[number]): K8sObject {
  const path = POD_TEMPLATE_PATHS[o.kind];
  if (!path) return o;
  const copy = structuredClone(o);
  let spec: unknown = copy;
  for (const p of path) spec = (spec as Record<string, unknown> | undefined)?.[p];
  const podSpec = spec as { containers?: { image?: string }[]; initContainers?: { image?: string }[] } | undefined;
  for (const c of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) {
    if (!c.image) continue;
    const { name, tag } = splitImage(c.image);
    if (name !== image.name) continue;
    const newName = image.newName ?? name;
    c.image = image.digest ? `${newName}@${image.digest}` : `${newName}${image.newTag ? `:${image.newTag}` : tag ? `:${tag}` : ''}`;
  }
  return copy;
}

export function splitImage(ref: string): { name: string; tag?: string } {
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(':');
  if (colon > noDigest.lastIndexOf('/')) return { name: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) };
  return { name: noDigest };
}

/** kubectl's built-in kustomize, when this machine has kubectl (null otherwise). */
export function kubectlKustomize(dir: string): K8sObject[] | null {
  let out: string;
  try {
    out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`kubectl kustomize ${dir} failed: ${(err as { stderr?: string }).stderr ?? String(err)}`, { cause: err });
  }
  return parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}
