import { EaseRecommender } from './ease';
import { InteractionMatrix, type Interaction, type InteractionMatrixOptions } from './interaction-matrix';
import { ItemKnnRecommender } from './item-knn';
import { PopularityRecommender } from './popularity';
import type { Recommender } from './recommender';

/** JSON-able description of a model to train, e.g. carried in a job payload. */
export type ModelSpec =
  | { readonly kind: 'popularity' }
  | { readonly kind: 'item-knn'; readonly neighbours: number; readonly shrink?: number }
  | { readonly kind: 'ease'; readonly lambda: number; readonly neighbours?: number; readonly minItemSupport?: number };

/**
 * Settings picked by `pnpm --filter @bookshelf/recommender eval` on goodbooks
 * (validation split, seed 42); see docs/recommender-eval.md. Re-tune when the
 * data grows: the best λ scales with the number of users.
 */
export const TUNED_SPECS = {
  popularity: { kind: 'popularity' },
  itemKnn: { kind: 'item-knn', neighbours: 10 },
  ease: { kind: 'ease', lambda: 50, neighbours: 64 },
} as const satisfies Record<string, ModelSpec>;

export function createModel(spec: ModelSpec): Recommender {
  switch (spec.kind) {
    case 'popularity':
      return new PopularityRecommender();
    case 'item-knn':
      return new ItemKnnRecommender(spec);
    case 'ease':
      return new EaseRecommender(spec);
  }
}

/** Builds the interaction matrix from triples and fits a new model of `spec`. */
export function trainModel(
  spec: ModelSpec,
  triples: Iterable<Interaction>,
  matrixOptions?: InteractionMatrixOptions,
): Recommender {
  const model = createModel(spec);
  model.fit(InteractionMatrix.fromTriples(triples, matrixOptions));
  return model;
}
