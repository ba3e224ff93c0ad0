import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUEUES } from '@bookshelf/contracts';
import { OVERLAYS_DIR, overlayNames, SECRET_TEMPLATE_DIR } from '../src/k8s-layout';
import { dataOf, find, ingressFor, ofKind, podTemplate, resolveEnv, selects, type Container, type Probe } from '../src/k8s-workloads';
import { renderKustomization, splitImage, type K8sObject } from '../src/kustomize';
import { DEV_ONLY_SERVICES, envRequirements, httpPort, parseEnv, workspaceProcesses, type ProcessInfo } from '../src/processes';
import { repoPath } from '../src/repo';

const secretTemplate = renderKustomization(SECRET_TEMPLATE_DIR);
const all = workspaceProcesses();
const cases = overlayNames().map((overlay) => {
  const objects = renderKustomization(join(OVERLAYS_DIR, overlay));
  const processes = all.filter((p) => overlay !== 'prod' || !DEV_ONLY_SERVICES.has(p.service));
  return [overlay, { objects, processes }] as const;
});

const deploymentOf = (objects: K8sObject[], p: ProcessInfo) => {
  const d = find(objects, 'Deployment', p.name);
  if (!d) throw new Error(`no Deployment ${p.name}`);
  return d;
};
const mainContainer = (o: K8sObject): Container => {
  const c = podTemplate(o).spec.containers.find((x) => x.name === o.metadata.name);
  if (!c) throw new Error(`${o.metadata.name}: no container named after the workload`);
  return c;
};
const allContainers = (o: K8sObject): Container[] => [...(podTemplate(o).spec.initContainers ?? []), ...podTemplate(o).spec.containers];
const probePort = (c: Container, probe: Probe | undefined): number | undefined => {
  const port = probe?.httpGet?.port;
  return typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;
};
const configMap = (objects: K8sObject[]) => dataOf(find(objects, 'ConfigMap', 'bookshelf-config')!);

describe.each(cases)('k8s overlay %s', (overlay, { objects, processes }) => {
  const workloads = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')];

  it('has one Deployment per process, running the image built for it with that image’s command', () => {
    expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(processes.map((p) => p.name).sort());
    for (const p of processes) {
      const c = mainContainer(deploymentOf(objects, p));
      const { name, tag } = splitImage(c.image ?? '');
      expect(name, p.name).toMatch(new RegExp(`(^|/)bookshelf/${p.name}$`));
      if (overlay === 'prod') expect(tag, `${p.name} is pinned to a release`).toMatch(/^[\w][\w.-]*$/);
      expect(tag, p.name).not.toBe('latest');
      expect(c.command ?? c.args, `${p.name} uses the image's CMD`).toBeUndefined();
    }
  });

  it('gives every process the variables its config schema requires, and an environment that schema accepts', async () => {
    for (const p of processes) {
      const c = mainContainer(deploymentOf(objects, p));
      const env = resolveEnv(c, objects, secretTemplate);
      expect(env.problems, p.name).toEqual([]);
      const { required, mustOverride } = await envRequirements(p);
      for (const key of [...required, ...mustOverride]) expect(env.values.get(key), `${p.name}: ${key}`).toBeTruthy();
      const values = Object.fromEntries([...env.values].filter((e): e is [string, string] => e[1] !== undefined));
      expect(await parseEnv(p, values), p.name).toEqual([]);
    }
  });

  it('connects each service to Postgres with its own role, from the Secret', () => {
    const keys = new Set<string>();
    for (const p of processes.filter((x) => x.schema)) {
      const env = resolveEnv(mainContainer(deploymentOf(objects, p)), objects, secretTemplate);
      const source = env.sources.get('DATABASE_URL') ?? '';
      expect(source, p.name).toMatch(/^secret:/);
      keys.add(`${p.schema}→${source}`);
      expect(new URL(env.values.get('DATABASE_URL') ?? '').username, p.name).toBe(`${p.schema}_svc`);
    }
    // One Secret key per schema: processes sharing a schema (scan, scan-worker) share the key.
    const schemas = new Set(processes.filter((p) => p.schema).map((p) => p.schema));
    expect(keys.size).toBe(schemas.size);
  });

  it('probes HTTP processes on the port their config reads (/readyz ready, /healthz alive) behind a Service', async () => {
    const config = configMap(objects);
    for (const p of processes) {
      const d = deploymentOf(objects, p);
      const c = mainContainer(d);
      const port = await httpPort(p);
      if (!port) {
        expect(c.ports ?? [], `${p.name} serves no HTTP`).toEqual([]);
        expect(c.readinessProbe ?? c.livenessProbe, p.name).toBeUndefined();
        continue;
      }
      const env = resolveEnv(c, objects, secretTemplate);
      const listening = Number(env.values.get(port.variable) ?? port.port);
      expect(c.ports?.map((x) => x.containerPort), p.name).toEqual([listening]);
      expect(c.readinessProbe?.httpGet?.path, p.name).toBe('/readyz');
      expect(c.livenessProbe?.httpGet?.path, p.name).toBe('/healthz');
      expect(probePort(c, c.readinessProbe), p.name).toBe(listening);
      expect(probePort(c, c.livenessProbe), p.name).toBe(listening);
      const service = find(objects, 'Service', p.name);
      expect(service, `Service ${p.name}`).toBeDefined();
      const spec = service!.spec as { selector: Record<string, string>; ports: { port: number; targetPort: string | number }[] };
      expect(selects({ matchLabels: spec.selector }, podTemplate(d).metadata?.labels ?? {}), p.name).toBe(true);
      expect(spec.ports.map((x) => x.port), p.name).toEqual([listening]);
      // Where the gateway is told about this service, it is told this Service and port.
      const urlVar = `${p.name.toUpperCase().replace(/-/g, '_')}_URL`;
      if (config[urlVar]) {
        const url = new URL(config[urlVar]);
        expect([url.hostname, Number(url.port)], urlVar).toEqual([p.name, listening]);
      }
    }
  });

  it('sets requests and limits, and runs every container non-root, read-only, without privileges', () => {
    for (const w of workloads) {
      const pod = podTemplate(w).spec;
      expect(pod.securityContext?.runAsNonRoot, w.metadata.name).toBe(true);
      expect(pod.securityContext?.runAsUser, w.metadata.name).toBe(1000);
      for (const c of allContainers(w)) {
        const label = `${w.metadata.name}/${c.name}`;
        for (const kind of ['requests', 'limits'] as const) {
          expect(c.resources?.[kind]?.cpu, `${label} ${kind}.cpu`).toBeTruthy();
          expect(c.resources?.[kind]?.memory, `${label} ${kind}.memory`).toBeTruthy();
        }
        expect(c.securityContext?.allowPrivilegeEscalation, label).toBe(false);
        expect(c.securityContext?.readOnlyRootFilesystem, label).toBe(true);
        expect(c.securityContext?.capabilities?.drop, label).toEqual(['ALL']);
      }
      // tsx keeps its compile cache in /tmp: writable even with a read-only root.
      const main = podTemplate(w).spec.containers[0]!;
      const tmp = main.volumeMounts?.find((m) => m.mountPath === '/tmp');
      expect(tmp && pod.volumes?.find((v) => v.name === tmp.name)?.emptyDir, `${w.metadata.name} /tmp`).toBeTruthy();
    }
  });

  it('has a PodDisruptionBudget for every Deployment', () => {
    const pdbs = ofKind(objects, 'PodDisruptionBudget').map((o) => o.spec as { selector: { matchLabels: Record<string, string> } });
    for (const d of ofKind(objects, 'Deployment')) {
      const labels = podTemplate(d).metadata?.labels ?? {};
      expect(pdbs.some((pdb) => selects(pdb.selector, labels)), d.metadata.name).toBe(true);
    }
  });

  it('scales the gateway on CPU (HPA) and the scan worker and recommender on their BullMQ wait lists (KEDA)', () => {
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler').map((o) => o.spec as { scaleTargetRef: { kind: string; name: string }; metrics: { type: string; resource?: { name: string } }[] });
    expect(hpas.map((h) => `${h.scaleTargetRef.kind}/${h.scaleTargetRef.name}`)).toEqual(['Deployment/gateway']);
    expect(hpas[0]!.metrics.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')).toBe(true);

    const prefix = configMap(objects).QUEUE_PREFIX ?? '';
    expect(prefix, 'QUEUE_PREFIX is hash-tagged for Redis Cluster').toMatch(/^\{[^{}]+\}$/);
    const wanted: Record<string, string> = { 'scan-worker': QUEUES.scanInference, recommender: QUEUES.recommender };
    const scaled = ofKind(objects, 'ScaledObject');
    expect(scaled.map((s) => (s.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name).sort()).toEqual(Object.keys(wanted).sort());
    const secret = find(objects, 'Secret', 'bookshelf-secrets') ?? secretTemplate.find((s) => s.kind === 'Secret')!;
    for (const s of scaled) {
      const spec = s.spec as { scaleTargetRef: { name: string }; triggers: { type: string; metadata: Record<string, string>; authenticationRef?: { name: string } }[] };
      const queue = wanted[spec.scaleTargetRef.name]!;
      const trigger = spec.triggers.find((t) => t.type === 'redis');
      expect(trigger?.metadata.listName, s.metadata.name).toBe(`${prefix}:${queue}:wait`);
      expect(Number(trigger?.metadata.listLength), s.metadata.name).toBeGreaterThan(0);
      const auth = find(objects, 'TriggerAuthentication', trigger?.authenticationRef?.name ?? '');
      expect(auth, `${s.metadata.name} TriggerAuthentication`).toBeDefined();
      for (const ref of (auth!.spec as { secretTargetRef: { name: string; key: string }[] }).secretTargetRef) {
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(dataOf(secret)), `${ref.key}`).toContain(ref.key);
      }
    }
  });

  it('gives a running scan at least 150 s to finish, and HTTP processes time to drain after preStop', async () => {
    for (const p of processes) {
      const spec = podTemplate(deploymentOf(objects, p)).spec;
      const grace = spec.terminationGracePeriodSeconds ?? 30;
      if (p.name === 'scan-worker') expect(grace).toBeGreaterThanOrEqual(150);
      else if (await httpPort(p)) expect(grace, p.name).toBeGreaterThanOrEqual(30);
    }
  });

  it('migrates before rollout: a migrations Job, and pods that wait for the migrations their image ships', () => {
    const job = find(objects, 'Job', 'migrate');
    expect(job).toBeDefined();
    const c = podTemplate(job!).spec.containers[0]!;
    expect(splitImage(c.image ?? '').name).toMatch(/(^|\/)bookshelf\/migrate$/);
    expect(resolveEnv(c, objects, secretTemplate).sources.get('DATABASE_URL')).toMatch(/^secret:/);
    for (const p of processes.filter((x) => x.schema)) {
      const d = deploymentOf(objects, p);
      const wait = podTemplate(d).spec.initContainers?.find((x) => x.name === 'wait-for-migrations');
      expect(wait, p.name).toBeDefined();
      expect(wait!.image, p.name).toBe(mainContainer(d).image);
      const args = wait!.command ?? [];
      expect(args.slice(0, 2), p.name).toEqual(['node', 'deploy/docker/wait-for-migrations.mjs']);
      expect(args[args.indexOf('--schema') + 1], p.name).toBe(p.schema);
      const dir = args[args.indexOf('--dir') + 1] ?? '';
      expect(dir, p.name).toBe(`services/${p.service}/prisma/migrations`);
      expect(existsSync(repoPath(dir)), dir).toBe(true);
      const own = resolveEnv(mainContainer(d), objects, secretTemplate).sources.get('DATABASE_URL');
      expect(resolveEnv(wait!, objects, secretTemplate).sources.get('DATABASE_URL'), `${p.name} waits with its own role`).toBe(own);
    }
  });

  it('lets only the gateway in from outside, services only from the gateway, workers nothing', async () => {
    const labelsOf = (w: K8sObject) => podTemplate(w).metadata?.labels ?? {};
    const gatewayLabels = labelsOf(find(objects, 'Deployment', 'gateway')!);
    for (const w of workloads) {
      const { isolated, rules } = ingressFor(labelsOf(w), objects);
      const name = w.metadata.name;
      expect(isolated, `${name} is covered by a deny-by-default policy`).toBe(true);
      const open = rules.filter((r) => !r.from || r.from.length === 0);
      if (name === 'gateway' || (overlay !== 'prod' && name === 'dev-idp')) {
        expect(open.length, `${name} is reachable from outside`).toBeGreaterThan(0);
        continue;
      }
      expect(open, `${name} is not reachable from everywhere`).toEqual([]);
      const p = processes.find((x) => x.name === name);
      const port = p ? await httpPort(p) : null;
      if (!port) {
        expect(rules, `${name} accepts nothing`).toEqual([]);
        continue;
      }
      for (const rule of rules) {
        for (const peer of rule.from ?? []) {
          const fromGateway = peer.podSelector && !peer.namespaceSelector && selects(peer.podSelector, gatewayLabels);
          const fromMonitoring = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring' && !peer.podSelector;
          expect(fromGateway || fromMonitoring, `${name}: ${JSON.stringify(peer)}`).toBe(true);
        }
      }
      const gatewayRule = rules.find((r) => r.from?.some((peer) => peer.podSelector && selects(peer.podSelector, gatewayLabels)));
      expect(gatewayRule?.ports?.map((x) => x.port), `${name} from the gateway`).toEqual([port.port]);
    }
  });

  it('mounts one shared photo volume at SCAN_BLOB_DIR in the scan API and its workers', () => {
    const claims = processes
      .filter((p) => p.service === 'scan')
      .map((p) => {
        const d = deploymentOf(objects, p);
        const c = mainContainer(d);
        const dir = resolveEnv(c, objects, secretTemplate).values.get('SCAN_BLOB_DIR');
        const mount = c.volumeMounts?.find((m) => m.mountPath === dir);
        return podTemplate(d).spec.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
      });
    expect(claims.length).toBeGreaterThanOrEqual(2);
    expect(new Set(claims).size).toBe(1);
    const pvc = find(objects, 'PersistentVolumeClaim', claims[0] ?? '');
    expect((pvc?.spec as { accessModes: string[] }).accessModes).toContain('ReadWriteMany');
  });
});
