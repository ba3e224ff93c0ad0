import { describe, expect, it } from 'vitest';
import { signalStrength, type LibraryFacts } from './signal-strength';

const facts = (f: Partial<LibraryFacts>): LibraryFacts => ({ status: null, rating: null, owned: false, shelves: [], ...f });

describe('signalStrength', () => {
  it('ranks a 5★ rating above 4★ above reading status alone', () => {
    expect(signalStrength(facts({ status: 'read', rating: 5 }))).toBe(1);
    expect(signalStrength(facts({ status: 'read', rating: 4 }))).toBe(0.8);
    expect(signalStrength(facts({ status: 'read' }))).toBe(0.6);
    expect(signalStrength(facts({ status: 'want_to_read' }))).toBe(0.3);
    expect(signalStrength(facts({ owned: true }))).toBe(0.4);
  });

  it('gives no positive signal to a disliked or abandoned book, even if owned', () => {
    expect(signalStrength(facts({ status: 'read', rating: 2, owned: true }))).toBe(0);
    expect(signalStrength(facts({ status: 'did_not_finish', owned: true }))).toBe(0);
    expect(signalStrength(facts({}))).toBe(0);
  });

  it('treats a favourites shelf as a strong positive', () => {
    expect(signalStrength(facts({ status: 'read', shelves: ['Favourites'] }))).toBe(0.9);
  });
});
