/** The label a row of a photographed bookcase gets by default. */
export function defaultShelfLabel(shelfIndex: number): string {
  return `Shelf ${shelfIndex + 1}`;
}

/**
 * The label sent to the library when the reader named the bookcase: the name alone for a
 * one-row photo, "Study, shelf 2" when the photo shows several rows.
 */
export function confirmedShelfLabel(shelfIndex: number, rows: number, name: string | undefined): string {
  if (!name) return defaultShelfLabel(shelfIndex);
  return rows > 1 ? `${name}, shelf ${shelfIndex + 1}` : name;
}

/** Numbers spines within their row, 1-based, from spines given in shelf order. */
export class RowPositions {
  private readonly counts = new Map<number, number>();

  next(shelfIndex: number): number {
    const n = (this.counts.get(shelfIndex) ?? 0) + 1;
    this.counts.set(shelfIndex, n);
    return n;
  }
}
