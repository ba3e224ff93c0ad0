import { describe, expect, it } from 'vitest';
import type { CandidateText } from './text-evidence';
import { ACCEPT_CONFIDENCE, confidentPick, listingConfidence } from './title-author-match';

const hobbit: CandidateText = { title: 'The Hobbit', subtitle: null, series: null, authors: ['J.R.R. Tolkien'] };
const graphic: CandidateText = { title: 'The Hobbit', subtitle: 'Graphic Novel', series: null, authors: ['Chuck Dixon', 'J.R.R. Tolkien'] };
const hp1: CandidateText = { title: "Harry Potter and the Sorcerer's Stone", subtitle: null, series: 'Harry Potter', authors: ['J.K. Rowling'] };
const hp2: CandidateText = { title: 'Harry Potter and the Chamber of Secrets', subtitle: null, series: 'Harry Potter', authors: ['J.K. Rowling'] };

describe('listing confidence', () => {
  it('is high for the same title and author, typos included', () => {
    expect(listingConfidence({ title: 'The Hobbit', subtitle: null, authors: ['J. R. R. Tolkien'] }, hobbit)).toBeGreaterThanOrEqual(0.95);
    expect(listingConfidence({ title: 'Harry Potter and the Sorcerers Stone', subtitle: null, authors: ['J.K. Rowling'] }, hp1)).toBeGreaterThan(ACCEPT_CONFIDENCE);
  });

  it('separates editions with a subtitle and other books of a series', () => {
    const l = { title: 'The Hobbit', subtitle: null, authors: ['J.R.R. Tolkien'] };
    expect(listingConfidence(l, hobbit)).toBeGreaterThan(listingConfidence(l, graphic));
    const hp = { title: "Harry Potter and the Sorcerer's Stone", subtitle: null, authors: ['J.K. Rowling'] };
    expect(listingConfidence(hp, hp2)).toBeLessThan(0.75);
  });

  it('drops when the author disagrees', () => {
    expect(listingConfidence({ title: 'The Hobbit', subtitle: null, authors: ['Someone Else'] }, hobbit)).toBeLessThan(ACCEPT_CONFIDENCE);
  });

  it('picks only a clear winner', () => {
    const scored = [
      { item: hobbit, confidence: 0.97 },
      { item: graphic, confidence: 0.8 },
    ];
    expect(confidentPick(scored)?.item).toBe(hobbit);
    expect(confidentPick([{ item: hp1, confidence: 0.9 }, { item: hp2, confidence: 0.88 }])).toBeNull();
    expect(confidentPick([{ item: hp1, confidence: 0.7 }])).toBeNull();
    // Two editions of one work are not a conflict.
    expect(confidentPick([{ item: hobbit, confidence: 0.97 }, { item: { ...hobbit }, confidence: 0.97 }])?.confidence).toBe(0.97);
  });
});
