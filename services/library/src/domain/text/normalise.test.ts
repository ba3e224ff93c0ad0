import { describe, expect, it } from 'vitest';
import { contentTokens, editDistance, foldText, repairOcr, tokenSimilarity } from './normalise';

describe('text folding', () => {
  it('folds case, accents, apostrophes and punctuation', () => {
    expect(foldText("Harry Potter and the Sorcerer's Stone")).toBe('harry potter and the sorcerers stone');
    expect(foldText('Cien años de soledad')).toBe('cien anos de soledad');
    expect(foldText('J.R.R. Tolkien')).toBe('j r r tolkien');
    expect(foldText('Straße & Co.')).toBe('strasse and co');
  });

  it('keeps content tokens only', () => {
    expect(contentTokens('The Lord of the Rings')).toEqual(['lord', 'rings']);
    expect(contentTokens('1984')).toEqual(['1984']);
  });

  it('repairs typical OCR confusions', () => {
    expect(foldText(repairOcr('THE HOBBlT TOLKlEN'))).toBe('the hobbit tolkien');
    expect(foldText(repairOcr('H0BBIT'))).toBe('hobbit');
    // A number glued to a word by punctuation stays a number; a digit inside a word is a letter.
    expect(foldText(repairOcr('The Walking Dead,Vol.13 ToFaroe'))).toBe('the walking dead vol 13 tofaroe');
    expect(foldText(repairOcr("SORCERER'S ST0NE"))).toBe('sorcerers stone');
    expect(foldText(repairOcr('Catch-22'))).toBe('catch 22');
    expect(foldText(repairOcr('little women'))).toBe('little women');
    expect(foldText(repairOcr('MlNl SH0PAH0LlC'))).toBe('mini shopaholic');
    expect(foldText(repairOcr('Ill Will'))).toBe('ill will');
  });

  it('measures token similarity with a bounded edit distance', () => {
    expect(editDistance('poter', 'potter', 2)).toBe(1);
    expect(editDistance('opear', 'opera', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(tokenSimilarity('potter', 'potter')).toBe(1);
    expect(tokenSimilarity('poter', 'potter')).toBeGreaterThan(0.8);
    expect(tokenSimilarity('harr', 'harry')).toBeGreaterThan(0.6);
    expect(tokenSimilarity('cat', 'dog')).toBe(0);
  });
});
