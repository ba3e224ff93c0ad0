import { describe, expect, it } from 'vitest';
import { assignShelf } from './shelf-assignment';
import { spineReadings, turnUpsideDown } from './spine-text';

describe('shelf assignment', () => {
  it('gives a contested book to the more confident spine and moves the other to its next choice', () => {
    const result = assignShelf(
      [
        { id: 'a', text: 'THE TWO TOWERS TOLKIEN', candidates: [{ bookId: 'towers', confidence: 0.95 }] },
        { id: 'b', text: 'THE TWO TOLKIEN', candidates: [{ bookId: 'towers', confidence: 0.7 }, { bookId: 'king', confidence: 0.65 }] },
      ],
      0.6,
    );
    expect(result.get('a')).toBe('towers');
    expect(result.get('b')).toBe('king');
  });

  it('allows the same book twice only when both spines read the same text', () => {
    const copies = assignShelf(
      [
        { id: 'a', text: 'DUNE FRANK HERBERT', candidates: [{ bookId: 'dune', confidence: 0.9 }] },
        { id: 'b', text: 'DUNE FRANK HERBERT', candidates: [{ bookId: 'dune', confidence: 0.88 }] },
      ],
      0.6,
    );
    expect([...copies.values()]).toEqual(['dune', 'dune']);
    const different = assignShelf(
      [
        { id: 'a', text: 'DUNE FRANK HERBERT', candidates: [{ bookId: 'dune', confidence: 0.9 }] },
        { id: 'b', text: 'DUNE MESSIAH', candidates: [{ bookId: 'dune', confidence: 0.7 }] },
      ],
      0.6,
    );
    expect(different.get('b')).toBeNull();
  });

  it('suggests nothing below the threshold', () => {
    expect(assignShelf([{ id: 'a', text: 'x', candidates: [{ bookId: 'b', confidence: 0.4 }] }], 0.6).get('a')).toBeNull();
  });
});

describe('spine readings', () => {
  it('reads a spine both ways', () => {
    expect(turnUpsideDown('WOW dn')).toBe('up MOM');
    const r = spineReadings([{ text: 'THE HOBBIT', confidence: 0.9 }, { text: 'TOLKIEN', confidence: 0.5 }]);
    expect(r[0]).toMatchObject({ text: 'THE HOBBIT TOLKIEN', upsideDown: false });
    expect(r[0]!.ocrConfidence).toBeCloseTo((10 * 0.9 + 7 * 0.5) / 17);
    expect(r[1]!.upsideDown).toBe(true);
    expect(spineReadings([{ text: '  ', confidence: 1 }])).toEqual([]);
  });
});
