/**
 * Bidirectional map between external string ids (user ids, book ids) and dense
 * 0-based indices, which is what the numeric code works with.
 */
export class IdIndex {
  private readonly indexById = new Map<string, number>();
  private readonly idByIndex: string[] = [];

  static from(ids: Iterable<string>): IdIndex {
    const index = new IdIndex();
    for (const id of ids) index.getOrAdd(id);
    return index;
  }

  get size(): number {
    return this.idByIndex.length;
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  getOrAdd(id: string): number {
    const known = this.indexById.get(id);
    if (known !== undefined) return known;
    const index = this.idByIndex.length;
    this.indexById.set(id, index);
    this.idByIndex.push(id);
    return index;
  }

  idAt(index: number): string {
    const id = this.idByIndex[index];
    if (id === undefined) throw new RangeError(`no id at index ${index} (size ${this.size})`);
    return id;
  }

  ids(): readonly string[] {
    return this.idByIndex;
  }
}
