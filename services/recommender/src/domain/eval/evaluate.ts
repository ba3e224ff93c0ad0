import { InteractionMatrix } from '../models/interaction-matrix';
import { itemsOf, type Recommender } from '../models/recommender';
import type { HoldoutSplit } from './holdout-split';
import { RankingMetricsAccumulator, type RankingSummary } from './ranking-metrics';

/** Training matrix plus each evaluated user's held-out item indices. */
export interface EvalData {
  readonly train: InteractionMatrix;
  readonly test: ReadonlyMap<number, ReadonlySet<number>>;
}

/**
 * Indexes a split over a fixed item universe (e.g. every book in the ratings file),
 * so every item is ranked and coverage has a fixed denominator.
 */
export function buildEvalData(split: HoldoutSplit, itemIds: Iterable<string>): EvalData {
  const train = InteractionMatrix.fromTriples(split.train, { itemIds });
  const test = new Map<number, Set<number>>();
  for (const { userId, itemId } of split.test) {
    const u = train.users.indexOf(userId);
    const i = train.items.indexOf(itemId);
    if (u === undefined || i === undefined) continue; // user without training data: nothing to rank from
    let set = test.get(u);
    if (set === undefined) test.set(u, (set = new Set()));
    set.add(i);
  }
  return { train, test };
}

export interface EvalResult extends RankingSummary {
  readonly model: string;
  /** Wall time of fit on the training matrix. */
  readonly fitMs: number;
  /** Wall time to score and take the top 20 for every evaluated user. */
  readonly scoreMs: number;
}

/** Fits `model` on the training matrix and ranks all items for every test user. */
export function evaluate(model: Recommender, data: EvalData): EvalResult {
  const fitStart = performance.now();
  model.fit(data.train);
  const fitMs = performance.now() - fitStart;
  return { ...rankFitted(model, data), fitMs };
}

/** Ranking metrics of an already fitted model (e.g. one loaded from bytes). */
export function rankFitted(model: Recommender, data: EvalData): Omit<EvalResult, 'fitMs'> {
  const metrics = new RankingMetricsAccumulator(data.train.itemCount);
  const scoreStart = performance.now();
  for (const [user, relevant] of data.test) {
    const row = data.train.row(user);
    const ranked = model.topN(row, 20, itemsOf(row)).map((s) => s.index);
    metrics.add(ranked, relevant);
  }
  const scoreMs = performance.now() - scoreStart;
  return { model: model.name, scoreMs, ...metrics.summary() };
}
