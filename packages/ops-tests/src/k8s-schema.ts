import { join } from 'node:path';
import ts from 'typescript';
import type { K8sObject } from './kustomize';

/** Where the models of an apiVersion live: KEDA's CRDs in their own package, the rest upstream. */
function modelModule(o: K8sObject): string {
  const pkg = o.apiVersion.endsWith('keda.sh/v1alpha1') ? '@kubernetes-models/keda' : 'kubernetes-models';
  return `${pkg}/${o.apiVersion}/${o.kind}`;
}

type ModelClass = new (data: unknown) => { validate(): void };

/**
 * Validates against the Kubernetes OpenAPI schemas (kubernetes-models' generated validators:
 * types, required fields, enums, formats). They accept unknown fields, so see strictTypeErrors.
 */
export async function schemaErrors(o: K8sObject): Promise<string | null> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modelModule(o))) as Record<string, unknown>;
  } catch {
    return `no schema for ${o.apiVersion} ${o.kind} (is the apiVersion right?)`;
  }
  const Model = mod[o.kind] as ModelClass | undefined;
  if (!Model) return `no model ${o.kind} in ${modelModule(o)}`;
  try {
    new Model(o).validate();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * The unknown-field check kubeconform's -strict does: each object becomes a typed object literal
 * (`const x: IDeployment = {…}`) and the TypeScript compiler reports excess or mistyped properties
 * against kubernetes-models' declarations. Returns the problems labelled by object (TypeScript
 * reports the first problem of an object; fix and rerun).
 */
export function strictTypeErrors(objects: { label: string; object: K8sObject }[]): string[] {
  const here = join(import.meta.dirname, '__manifests__.ts');
  const imports: string[] = [];
  const decls: string[] = [];
  const lines: { line: number; label: string }[] = [];
  objects.forEach(({ object }, i) => {
    imports.push(`import type { I${object.kind} as T${i} } from '${modelModule(object)}';`);
  });
  let line = imports.length;
  objects.forEach(({ label, object }, i) => {
    const body = `export const o${i}: T${i} = ${JSON.stringify(object, null, 1)};`;
    lines.push({ line, label });
    decls.push(body);
    line += body.split('\n').length;
  });
  const source = [...imports, ...decls].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, onError, create) =>
    file === here ? ts.createSourceFile(file, source, lang) : original(file, lang, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === here || fileExists(file);
  const program = ts.createProgram([here], options, host);
  const sf = program.getSourceFile(here)!;
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
    const at = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start).line : 0;
    const owner = [...lines].reverse().find((l) => l.line <= at)?.label ?? '(imports)';
    const where = d.start !== undefined && d.length ? ` at ${sf.text.slice(d.start, d.start + d.length)}` : '';
    return `${owner}${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
