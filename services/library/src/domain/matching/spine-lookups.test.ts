import { describe, expect, it } from 'vitest';
import { unmatchedSpineLookups } from './spine-lookups';

const spine = (detectionId: string, ...texts: string[]) => ({ detectionId, texts: texts.map((text) => ({ text, confidence: 0.9 })) });

describe('unmatchedSpineLookups', () => {
  it('asks about unmatched spines only: by ISBN when one is read, else title and author', () => {
    const spines = [spine('d1', 'DUNE', 'HERBERT'), spine('d2', 'ISBN 978-0-14-032872-1'), spine('d3', 'THE WITCHES', 'ROALD DAHL'), spine('d4', 'X')];
    const result = {
      spines: [
        { detectionId: 'd1', candidates: [], suggestedBookId: 'bk_01ARZ3NDEKTSV4RRFFQ69G5FAV' },
        { detectionId: 'd2', candidates: [], suggestedBookId: null },
        { detectionId: 'd3', candidates: [], suggestedBookId: null },
        { detectionId: 'd4', candidates: [], suggestedBookId: null },
      ],
    };
    expect(unmatchedSpineLookups(spines, result)).toEqual([
      { isbn13: '9780140328721', reason: 'scan' },
      { title: 'THE WITCHES', author: 'ROALD DAHL', reason: 'scan' },
    ]);
  });
});
