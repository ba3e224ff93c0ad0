import type { Interaction } from '../models/interaction-matrix';
import { hashSeed, mulberry32, shuffleInPlace } from './prng';

export interface HoldoutOptions {
  /** Share of each user's interactions held out for testing. */
  readonly testFraction: number;
  readonly seed: number;
  /** Users with fewer interactions are dropped from both sides. */
  readonly minPerUser: number;
}

export interface HoldoutSplit {
  readonly train: Interaction[];
  readonly test: Interaction[];
}

/**
 * Per-user random hold-out: each kept user gets max(1, round(fraction · n)) of their
 * interactions in `test`, the rest in `train`. Each user's draw uses its own PRNG
 * stream (seed ⊕ user id) over its items sorted by id, so the split depends only
 * on the seed and the data, not on row order or on which other users are present.
 */
export function holdoutSplit(interactions: Iterable<Interaction>, options: HoldoutOptions): HoldoutSplit {
  const byUser = new Map<string, Interaction[]>();
  for (const interaction of interactions) {
    const list = byUser.get(interaction.userId);
    if (list === undefined) byUser.set(interaction.userId, [interaction]);
    else list.push(interaction);
  }
  const train: Interaction[] = [];
  const test: Interaction[] = [];
  for (const [userId, list] of byUser) {
    if (list.length < options.minPerUser) continue;
    list.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
    shuffleInPlace(list, mulberry32(hashSeed(options.seed, userId)));
    const testCount = Math.min(list.length - 1, Math.max(1, Math.round(options.testFraction * list.length)));
    for (let k = 0; k < list.length; k++) (k < testCount ? test : train).push(list[k]!);
  }
  return { train, test };
}
