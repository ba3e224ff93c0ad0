import { describe, expect, it } from 'vitest';
import { confirmedShelfLabel, defaultShelfLabel, RowPositions } from './shelf-labels';

describe('shelf labels and positions', () => {
  it('labels rows by number, or by the bookcase name the reader gave', () => {
    expect(defaultShelfLabel(0)).toBe('Shelf 1');
    expect(confirmedShelfLabel(1, 3, undefined)).toBe('Shelf 2');
    expect(confirmedShelfLabel(0, 1, 'Study')).toBe('Study');
    expect(confirmedShelfLabel(2, 3, 'Study')).toBe('Study, shelf 3');
  });

  it('numbers spines from 1 within each row', () => {
    const p = new RowPositions();
    expect([p.next(0), p.next(0), p.next(1), p.next(0), p.next(1)]).toEqual([1, 2, 1, 3, 2]);
  });
});
