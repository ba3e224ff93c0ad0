import { CsrMatrix, type DuplicatePolicy, type SparseRow } from './csr-matrix';
import { IdIndex } from './id-index';

/** One observed (user, item) event with a strength, e.g. 1 for "rated ≥ 4★". */
export interface Interaction {
  readonly userId: string;
  readonly itemId: string;
  readonly weight: number;
}

export interface InteractionMatrixOptions {
  /**
   * Fixes the item universe and its order (e.g. the whole catalogue), so items
   * nobody interacted with still get an index. Interactions on unknown items are
   * rejected. Default: items in order of first appearance.
   */
  readonly itemIds?: Iterable<string>;
  /** Same for users. */
  readonly userIds?: Iterable<string>;
  /**
   * Merge rule for repeated (user, item) pairs. Default 'max': replaying the same
   * event twice (at-least-once queues) must not change the model.
   */
  readonly onDuplicate?: DuplicatePolicy;
}

/** Users × items sparse matrix (CSR by user) with string ids mapped to dense indices. */
export class InteractionMatrix {
  private itemMajor: CsrMatrix | undefined;

  constructor(
    readonly users: IdIndex,
    readonly items: IdIndex,
    readonly byUser: CsrMatrix,
  ) {
    if (byUser.rows !== users.size || byUser.cols !== items.size) {
      throw new Error(`matrix is ${byUser.rows}×${byUser.cols} but ids are ${users.size}×${items.size}`);
    }
  }

  static fromTriples(triples: Iterable<Interaction>, options: InteractionMatrixOptions = {}): InteractionMatrix {
    const fixedItems = options.itemIds !== undefined;
    const fixedUsers = options.userIds !== undefined;
    const items = IdIndex.from(options.itemIds ?? []);
    const users = IdIndex.from(options.userIds ?? []);
    const rowIdx: number[] = [];
    const colIdx: number[] = [];
    const vals: number[] = [];
    for (const { userId, itemId, weight } of triples) {
      if (!Number.isFinite(weight)) throw new Error(`non-finite weight for (${userId}, ${itemId})`);
      const item = fixedItems ? items.indexOf(itemId) : items.getOrAdd(itemId);
      if (item === undefined) throw new Error(`unknown item id ${itemId}`);
      const user = fixedUsers ? users.indexOf(userId) : users.getOrAdd(userId);
      if (user === undefined) throw new Error(`unknown user id ${userId}`);
      rowIdx.push(user);
      colIdx.push(item);
      vals.push(weight);
    }
    const csr = CsrMatrix.fromCoordinates(
      users.size,
      items.size,
      Int32Array.from(rowIdx),
      Int32Array.from(colIdx),
      Float32Array.from(vals),
      options.onDuplicate ?? 'max',
    );
    return new InteractionMatrix(users, items, csr);
  }

  get userCount(): number {
    return this.byUser.rows;
  }

  get itemCount(): number {
    return this.byUser.cols;
  }

  get nnz(): number {
    return this.byUser.nnz;
  }

  row(userIdx: number): SparseRow {
    return this.byUser.row(userIdx);
  }

  rowOf(userId: string): SparseRow | undefined {
    const u = this.users.indexOf(userId);
    return u === undefined ? undefined : this.byUser.row(u);
  }

  /** Items × users view (computed once, then cached). */
  byItem(): CsrMatrix {
    this.itemMajor ??= this.byUser.transpose();
    return this.itemMajor;
  }

  /** Number of stored interactions per item. */
  itemSupport(): Int32Array {
    const support = new Int32Array(this.itemCount);
    const { indices } = this.byUser;
    for (let k = 0; k < indices.length; k++) support[indices[k]!]!++;
    return support;
  }
}
