import type { Recommender } from '../models/recommender';

/** A loaded model with its version and an id → model index lookup. */
export class ServingModel {
  private readonly index = new Map<string, number>();

  constructor(
    readonly version: string,
    readonly model: Recommender,
  ) {
    model.itemIds.forEach((id, i) => this.index.set(id, i));
  }

  indexOf(bookId: string): number | undefined {
    return this.index.get(bookId);
  }

  bookAt(index: number): string | undefined {
    return this.model.itemIds[index];
  }
}
