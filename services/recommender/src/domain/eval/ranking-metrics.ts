/**
 * Top-N ranking metrics for one user. `ranked` lists item indices best first
 * (already without training items); `relevant` are the held-out items.
 */

function hitsAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  let hits = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r]!)) hits++;
  return hits;
}

/** Binary-relevance NDCG@k: DCG / ideal DCG with min(k, |relevant|) hits on top. */
export function ndcgAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r]!)) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/** hits@k / min(k, |relevant|): reaches 1 when the list is as good as it can be. */
export function recallAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  return hitsAt(ranked, relevant, k) / Math.min(k, relevant.size);
}

/** hits@k / |relevant|: the textbook recall, capped below 1 when |relevant| > k. */
export function plainRecallAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  return hitsAt(ranked, relevant, k) / relevant.size;
}

export function precisionAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  return hitsAt(ranked, relevant, k) / k;
}

/** 1 when at least one relevant item is in the top k. */
export function hitRateAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  return hitsAt(ranked, relevant, k) > 0 ? 1 : 0;
}

export interface RankingSummary {
  readonly users: number;
  readonly ndcg10: number;
  readonly recall20: number;
  readonly plainRecall20: number;
  readonly precision10: number;
  readonly hitRate10: number;
  /** Distinct items in any user's top 10 / catalogue size. */
  readonly coverage10: number;
}

/** Averages per-user metrics and tracks catalogue coverage of the top-10 lists. */
export class RankingMetricsAccumulator {
  private users = 0;
  private ndcg = 0;
  private recall = 0;
  private plainRecall = 0;
  private precision = 0;
  private hitRate = 0;
  private readonly recommended = new Set<number>();

  constructor(readonly catalogueSize: number) {}

  add(ranked: readonly number[], relevant: ReadonlySet<number>): void {
    this.users++;
    this.ndcg += ndcgAt(ranked, relevant, 10);
    this.recall += recallAt(ranked, relevant, 20);
    this.plainRecall += plainRecallAt(ranked, relevant, 20);
    this.precision += precisionAt(ranked, relevant, 10);
    this.hitRate += hitRateAt(ranked, relevant, 10);
    for (let r = 0; r < Math.min(10, ranked.length); r++) this.recommended.add(ranked[r]!);
  }

  summary(): RankingSummary {
    const n = Math.max(this.users, 1);
    return {
      users: this.users,
      ndcg10: this.ndcg / n,
      recall20: this.recall / n,
      plainRecall20: this.plainRecall / n,
      precision10: this.precision / n,
      hitRate10: this.hitRate / n,
      coverage10: this.catalogueSize > 0 ? this.recommended.size / this.catalogueSize : 0,
    };
  }
}
