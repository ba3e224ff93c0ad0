import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { K8S_DIR, kustomizationDirs, OVERLAYS_DIR, overlayNames, yamlFiles } from '../src/k8s-layout';
import { schemaErrors, strictTypeErrors } from '../src/k8s-schema';
import { kubectlKustomize, objectKey, referencedFiles, renderKustomization, type K8sObject } from '../src/kustomize';

const overlays = overlayNames();
const rendered = new Map(overlays.map((o) => [o, renderKustomization(join(OVERLAYS_DIR, o))]));
const byKey = (objects: K8sObject[]) => new Map(objects.map((o) => [objectKey(o), o]));

describe('k8s/ (kustomize base, secret template, overlays)', () => {
  it('has a dev and a prod overlay', () => {
    expect(overlays).toEqual(expect.arrayContaining(['dev', 'prod']));
  });

  it('refers only to files that exist, and every manifest file is used by some kustomization', () => {
    const used = new Set<string>();
    for (const dir of kustomizationDirs()) for (const f of referencedFiles(dir)) used.add(f);
    const all = yamlFiles();
    for (const f of used) expect(all, `referenced ${relative(K8S_DIR, f)}`).toContain(f);
    expect(all.filter((f) => !used.has(f)).map((f) => relative(K8S_DIR, f))).toEqual([]);
  });

  it.each(overlays)('renders overlay %s (resources, namespace, images, patches) to objects in one namespace', (overlay) => {
    const objects = rendered.get(overlay)!;
    expect(objects.length).toBeGreaterThan(10);
    const namespaces = new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace));
    expect([...namespaces]).toHaveLength(1);
    expect(objects.some((o) => o.kind === 'Namespace' && namespaces.has(o.metadata.name))).toBe(true);
  });

  it.each(overlays)('renders overlay %s exactly as kubectl kustomize does (where kubectl exists)', (overlay) => {
    const theirs = kubectlKustomize(join(OVERLAYS_DIR, overlay));
    if (!theirs) {
      console.warn('kubectl not found: the subset renderer alone was used');
      return;
    }
    const mine = byKey(rendered.get(overlay)!);
    const real = byKey(theirs);
    expect([...mine.keys()].sort()).toEqual([...real.keys()].sort());
    for (const [key, o] of real) expect(mine.get(key), key).toEqual(o);
  });

  it.each(overlays)('overlay %s: every object is valid against the Kubernetes (and KEDA) schemas', async (overlay) => {
    const problems: string[] = [];
    for (const o of rendered.get(overlay)!) {
      const err = await schemaErrors(o);
      if (err) problems.push(`${objectKey(o)}: ${err}`);
    }
    expect(problems).toEqual([]);
  });

  it('no object has a field its API type does not define (strict typing of every rendered object)', () => {
    const objects = overlays.flatMap((overlay) => rendered.get(overlay)!.map((object) => ({ label: `${overlay} ${objectKey(object)}`, object })));
    expect(strictTypeErrors(objects)).toEqual([]);
  }, 120_000);

  it('the strict check does catch a misspelt field and a wrong type', () => {
    const deployment = rendered.get('prod')!.find((o) => o.kind === 'Deployment')!;
    type Mutable = K8sObject & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    const misspelt = structuredClone(deployment) as Mutable;
    misspelt.spec.template.spec.containers[0]!.readinessProb = {};
    const mistyped = structuredClone(deployment) as Mutable;
    mistyped.spec.template.spec.containers[0]!.ports = [{ containerPort: '8080' }];
    const errors = strictTypeErrors([
      { label: 'misspelt', object: misspelt },
      { label: 'mistyped', object: mistyped },
    ]);
    expect(errors).toEqual([expect.stringMatching(/^misspelt at "readinessProb": /), expect.stringMatching(/^mistyped at "containerPort": /)]);
  }, 120_000);
});
