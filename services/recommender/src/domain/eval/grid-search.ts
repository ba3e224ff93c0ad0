import type { Recommender } from '../models/recommender';
import { evaluate, type EvalData, type EvalResult } from './evaluate';

/** One hyper-parameter setting to try. */
export interface Candidate<P> {
  readonly params: P;
  readonly make: (params: P) => Recommender;
}

export interface SearchOutcome<P> {
  readonly best: P;
  readonly bestResult: EvalResult;
  readonly tried: ReadonlyArray<{ readonly params: P; readonly result: EvalResult }>;
}

/**
 * Fits and evaluates every setting on `data` (a validation split, never the test
 * split) and returns the one with the highest NDCG@10; the earliest wins a tie.
 */
export function searchByNdcg<P>(
  candidates: readonly Candidate<P>[],
  data: EvalData,
  onResult?: (params: P, result: EvalResult) => void,
): SearchOutcome<P> {
  const tried: { params: P; result: EvalResult }[] = [];
  for (const { params, make } of candidates) {
    const result = evaluate(make(params), data);
    onResult?.(params, result);
    tried.push({ params, result });
  }
  const first = tried[0];
  if (first === undefined) throw new Error('no candidates to search');
  const winner = tried.reduce((a, b) => (b.result.ndcg10 > a.result.ndcg10 ? b : a), first);
  return { best: winner.params, bestResult: winner.result, tried };
}
