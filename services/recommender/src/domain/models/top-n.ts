/** An item index with its score. */
export interface ScoredItem {
  readonly index: number;
  readonly score: number;
}

/** Higher score wins; equal scores go to the lower index so results are deterministic. */
function better(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
  return scoreA > scoreB || (scoreA === scoreB && indexA < indexB);
}

/**
 * The `n` best entries of `scores`, best first, skipping `exclude` and non-finite
 * scores. A size-n min-heap keeps it O(items · log n) with no full sort.
 */
export function topNIndices(scores: ArrayLike<number>, n: number, exclude?: ReadonlySet<number>): ScoredItem[] {
  if (n <= 0) return [];
  const heapIdx = new Int32Array(n);
  const heapScore = new Float64Array(n);
  let size = 0;

  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < size && better(heapScore[worst]!, heapIdx[worst]!, heapScore[l]!, heapIdx[l]!)) worst = l;
      if (r < size && better(heapScore[worst]!, heapIdx[worst]!, heapScore[r]!, heapIdx[r]!)) worst = r;
      if (worst === i) return;
      const ti = heapIdx[i]!;
      const ts = heapScore[i]!;
      heapIdx[i] = heapIdx[worst]!;
      heapScore[i] = heapScore[worst]!;
      heapIdx[worst] = ti;
      heapScore[worst] = ts;
      i = worst;
    }
  };

  for (let j = 0; j < scores.length; j++) {
    const s = scores[j]!;
    // Cheapest rejection first: once full, most entries lose to the current worst.
    if (size === n && s < heapScore[0]!) continue;
    if (!Number.isFinite(s) || (exclude !== undefined && exclude.has(j))) continue;
    if (size < n) {
      // Sift up: the root must stay the worst kept entry.
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!better(heapScore[parent]!, heapIdx[parent]!, s, j)) break;
        heapIdx[i] = heapIdx[parent]!;
        heapScore[i] = heapScore[parent]!;
        i = parent;
      }
      heapIdx[i] = j;
      heapScore[i] = s;
    } else if (better(s, j, heapScore[0]!, heapIdx[0]!)) {
      heapIdx[0] = j;
      heapScore[0] = s;
      siftDown(0);
    }
  }

  const result: ScoredItem[] = [];
  for (let i = 0; i < size; i++) result.push({ index: heapIdx[i]!, score: heapScore[i]! });
  result.sort((a, b) => (better(a.score, a.index, b.score, b.index) ? -1 : 1));
  return result;
}
