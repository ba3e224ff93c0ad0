import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from './repo';

export const K8S_DIR = repoPath('k8s');
export const OVERLAYS_DIR = join(K8S_DIR, 'overlays');
export const SECRET_TEMPLATE_DIR = join(K8S_DIR, 'secret-template');

export const overlayNames = (): string[] =>
  readdirSync(OVERLAYS_DIR).filter((d) => existsSync(join(OVERLAYS_DIR, d, 'kustomization.yaml'))).sort();

/** Every folder under k8s/ holding a kustomization.yaml. */
export function kustomizationDirs(dir = K8S_DIR): string[] {
  const here = existsSync(join(dir, 'kustomization.yaml')) ? [dir] : [];
  const below = readdirSync(dir)
    .map((d) => join(dir, d))
    .filter((p) => statSync(p).isDirectory())
    .flatMap((p) => kustomizationDirs(p));
  return [...here, ...below];
}

export function yamlFiles(dir = K8S_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}
