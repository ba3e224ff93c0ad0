/**
 * Splits readers (sorted by id) into batches of at most `size`, remembered as the first id of
 * each batch: a retried training job re-derives the same batches from the same boundaries,
 * so the batch jobs it re-adds carry the ids they had the first time.
 */
export function planBoundaries(readerIds: readonly string[], size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < readerIds.length; i += size) out.push(readerIds[i]!);
  return out;
}

export function splitByBoundaries(readerIds: readonly string[], boundaries: readonly string[]): string[][] {
  if (boundaries.length === 0) return readerIds.length ? [[...readerIds]] : [];
  const chunks: string[][] = boundaries.map(() => []);
  let b = 0;
  for (const id of readerIds) {
    while (b + 1 < boundaries.length && id >= boundaries[b + 1]!) b++;
    chunks[b]!.push(id);
  }
  return chunks;
}
