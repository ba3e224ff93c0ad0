import { describe, expect, it } from 'vitest';
import { InteractionMatrix } from './interaction-matrix';

describe('InteractionMatrix.fromTriples', () => {
  const triples = [
    { userId: 'alice', itemId: 'dune', weight: 5 },
    { userId: 'bob', itemId: 'emma', weight: 1 },
    { userId: 'alice', itemId: 'emma', weight: 2 },
    { userId: 'alice', itemId: 'dune', weight: 3 },
  ];

  it('maps string ids to dense indices in order of first appearance', () => {
    const m = InteractionMatrix.fromTriples(triples);
    expect(m.users.ids()).toEqual(['alice', 'bob']);
    expect(m.items.ids()).toEqual(['dune', 'emma']);
    expect(m.userCount).toBe(2);
    expect(m.itemCount).toBe(2);
  });

  it('merges duplicates by max by default, and by sum or last on request', () => {
    const byMax = InteractionMatrix.fromTriples(triples);
    expect(byMax.nnz).toBe(3);
    expect(byMax.byUser.get(0, 0)).toBe(5);
    expect(InteractionMatrix.fromTriples(triples, { onDuplicate: 'sum' }).byUser.get(0, 0)).toBe(8);
    expect(InteractionMatrix.fromTriples(triples, { onDuplicate: 'last' }).byUser.get(0, 0)).toBe(3);
  });

  it('keeps rows sorted by item index and transposes consistently', () => {
    const m = InteractionMatrix.fromTriples(triples, { itemIds: ['emma', 'dune', 'unread'] });
    const alice = m.rowOf('alice')!;
    expect(Array.from(alice.indices)).toEqual([0, 1]);
    expect(Array.from(alice.values)).toEqual([2, 5]);
    const byItem = m.byItem();
    expect(byItem.rows).toBe(3);
    expect(Array.from(byItem.row(0).indices)).toEqual([0, 1]); // emma: alice, bob
    expect(byItem.rowLength(2)).toBe(0);
    expect(Array.from(m.itemSupport())).toEqual([2, 1, 0]);
  });

  it('rejects items outside a fixed universe and non-finite weights', () => {
    expect(() => InteractionMatrix.fromTriples(triples, { itemIds: ['dune'] })).toThrow(/unknown item/);
    expect(() => InteractionMatrix.fromTriples([{ userId: 'a', itemId: 'b', weight: Number.NaN }])).toThrow(
      /non-finite/,
    );
  });
});
