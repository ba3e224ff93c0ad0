import { EaseRecommender } from './ease';
import { ItemKnnRecommender } from './item-knn';
import { decodeArtifact, encodeArtifact } from './model-artifact';
import { PopularityRecommender } from './popularity';
import type { Recommender } from './recommender';

/** A fitted model as one Buffer (store it with a version row in Postgres). */
export function serializeModel(model: Recommender): Buffer {
  return encodeArtifact(model.toArtifact());
}

/** Inverse of `serializeModel`: a ready-to-score model of the recorded kind. */
export function loadModel(bytes: Uint8Array): Recommender {
  const artifact = decodeArtifact(bytes);
  switch (artifact.kind) {
    case 'popularity':
      return PopularityRecommender.fromArtifact(artifact);
    case 'item-knn':
      return ItemKnnRecommender.fromArtifact(artifact);
    case 'ease':
      return EaseRecommender.fromArtifact(artifact);
    default: {
      const unknown: never = artifact.kind;
      throw new Error(`unknown model kind ${String(unknown)}`);
    }
  }
}
