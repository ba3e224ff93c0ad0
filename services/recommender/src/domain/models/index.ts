// Public surface of the model layer: what a training/serving worker needs.
export type { SparseRow, DuplicatePolicy } from './csr-matrix';
export { CsrMatrix } from './csr-matrix';
export { IdIndex } from './id-index';
export { InteractionMatrix, type Interaction, type InteractionMatrixOptions } from './interaction-matrix';
export type { Recommender, Contribution } from './recommender';
export { itemsOf } from './recommender';
export type { ScoredItem } from './top-n';
export { topNIndices } from './top-n';
export { PopularityRecommender } from './popularity';
export { ItemKnnRecommender, type ItemKnnOptions } from './item-knn';
export { EaseRecommender, type EaseOptions } from './ease';
export type { ModelArtifact, ModelKind } from './model-artifact';
export { serializeModel, loadModel } from './model-io';
export { createModel, trainModel, TUNED_SPECS, type ModelSpec } from './model-spec';
export {
  recommend,
  userRow,
  type ItemInteraction,
  type Reason,
  type Recommendation,
  type RecommendOptions,
} from './recommend';
