import { InteractionMatrix } from '../models/interaction-matrix';
import { encodeArtifact, type ModelKind } from '../models/model-artifact';
import { createModel, type ModelSpec } from '../models/model-spec';
import { PopularityRecommender } from '../models/popularity';

export interface FitInput {
  spec: ModelSpec;
  triples: { userId: string; itemId: string; weight: number }[];
}

/** A fitted model as stored: its serialised artifact and the facts of the fit. */
export interface FitResult {
  kind: ModelKind;
  name: string;
  params: Record<string, number | string | boolean>;
  blob: Uint8Array;
  fitMs: number;
  readers: number;
  books: number;
  interactions: number;
}

export function fitModel({ spec, triples }: FitInput): FitResult {
  const matrix = InteractionMatrix.fromTriples(triples);
  // With no interactions at all there is nothing to learn item relations from.
  const model = matrix.nnz > 0 ? createModel(spec) : new PopularityRecommender();
  const started = performance.now();
  model.fit(matrix);
  const fitMs = Math.round(performance.now() - started);
  const artifact = model.toArtifact();
  const blob = encodeArtifact(artifact);
  return {
    kind: model.kind,
    name: model.name,
    params: { ...artifact.params },
    blob: new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength),
    fitMs,
    readers: matrix.userCount,
    books: matrix.itemCount,
    interactions: matrix.nnz,
  };
}
