import type { K8sObject } from './kustomize';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}
export interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }[];
}
export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

export const find = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

export const ofKind = (objects: K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

export function podTemplate(o: K8sObject): PodTemplate {
  const spec = o.spec as { template?: PodTemplate } | undefined;
  if (!spec?.template) throw new Error(`${o.kind}/${o.metadata.name} has no pod template`);
  return spec.template;
}

/** Key → value of a ConfigMap or Secret (data is base64, stringData plain). */
export function dataOf(o: K8sObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((o.data as Record<string, string> | undefined) ?? {})) {
    out[k] = o.kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
  }
  Object.assign(out, (o.stringData as Record<string, string> | undefined) ?? {});
  return out;
}

export interface ResolvedEnv {
  /** Variable → value (`undefined` only for optional references to missing keys). */
  values: Map<string, string | undefined>;
  /** Variable → where it comes from (`secret:bookshelf-secrets/redis-url`, `configmap:…`, `literal`). */
  sources: Map<string, string>;
  problems: string[];
}

/**
 * What a container's environment will hold: envFrom first, then env (which wins). A Secret that
 * is not rendered (production creates it out of band) is looked up in `externalSecrets` (the
 * template, whose values stand in for the real ones).
 */
export function resolveEnv(c: Container, objects: K8sObject[], externalSecrets: K8sObject[] = []): ResolvedEnv {
  const values = new Map<string, string | undefined>();
  const sources = new Map<string, string>();
  const problems: string[] = [];
  const source = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> | null => {
    const rendered = find(objects, kind, name);
    if (rendered) return dataOf(rendered);
    const external = kind === 'Secret' ? externalSecrets.find((s) => s.metadata.name === name) : undefined;
    if (external) return dataOf(external);
    problems.push(`${c.name}: ${kind} ${name} does not exist`);
    return null;
  };
  for (const from of c.envFrom ?? []) {
    const [kind, name] = from.configMapRef ? (['ConfigMap', from.configMapRef.name] as const) : (['Secret', from.secretRef?.name ?? ''] as const);
    const data = source(kind, name);
    for (const [k, v] of Object.entries(data ?? {})) {
      values.set(k, v);
      sources.set(k, `${kind.toLowerCase()}:${name}`);
    }
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      values.set(e.name, e.value);
      sources.set(e.name, 'literal');
      continue;
    }
    const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
    if (!ref) {
      values.set(e.name, e.valueFrom?.fieldRef ? `(field ${e.valueFrom.fieldRef.fieldPath})` : undefined);
      sources.set(e.name, 'field');
      continue;
    }
    const kind = e.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap';
    const data = source(kind, ref.name);
    if (data && !(ref.key in data) && !ref.optional) problems.push(`${c.name}: ${e.name} refers to missing key ${ref.key} of ${kind} ${ref.name}`);
    values.set(e.name, data?.[ref.key]);
    sources.set(e.name, `${kind.toLowerCase()}:${ref.name}/${ref.key}`);
  }
  return { values, sources, problems };
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

export interface Peer {
  podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  namespaceSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  ipBlock?: { cidr: string };
}
export interface IngressRule {
  from?: Peer[];
  ports?: { port?: number | string; protocol?: string }[];
}

/** The ingress rules NetworkPolicies give a pod with these labels (isolated: some policy selects it). */
export function ingressFor(labels: Record<string, string>, objects: K8sObject[]): { isolated: boolean; rules: IngressRule[] } {
  const policies = ofKind(objects, 'NetworkPolicy').map((o) => o.spec as { podSelector: Peer['podSelector']; policyTypes?: string[]; ingress?: IngressRule[] });
  const selecting = policies.filter((p) => {
    if (p.podSelector?.matchExpressions?.length) throw new Error('matchExpressions in NetworkPolicies are not understood by this test');
    return matches(p.podSelector?.matchLabels, labels) && (p.policyTypes ?? ['Ingress']).includes('Ingress');
  });
  return { isolated: selecting.length > 0, rules: selecting.flatMap((p) => p.ingress ?? []) };
}

export const selects = (selector: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>): boolean =>
  selector?.matchLabels !== undefined && matches(selector.matchLabels, labels);
