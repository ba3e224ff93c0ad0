import { TUNED_SPECS, type ModelSpec } from '../models/model-spec';

/** The serving model picked by configuration; unset hyper-parameters take the offline-tuned ones. */
export interface ModelChoice {
  kind: ModelSpec['kind'];
  easeLambda?: number;
  easeNeighbours?: number;
  knnNeighbours?: number;
  knnShrink?: number;
}

export function modelSpecFor(c: ModelChoice): ModelSpec {
  switch (c.kind) {
    case 'ease':
      return { kind: 'ease', lambda: c.easeLambda ?? TUNED_SPECS.ease.lambda, neighbours: c.easeNeighbours ?? TUNED_SPECS.ease.neighbours };
    case 'item-knn':
      return { kind: 'item-knn', neighbours: c.knnNeighbours ?? TUNED_SPECS.itemKnn.neighbours, shrink: c.knnShrink };
    case 'popularity':
      return TUNED_SPECS.popularity;
  }
}
