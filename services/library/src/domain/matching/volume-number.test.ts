import { describe, expect, it } from 'vitest';
import { contentTokens, repairOcr } from '../text/normalise';
import { spineNumbers, volumesUnread } from './volume-number';

/** A spine's numbers from its lines, through the tokens the matcher reads them from. */
const numbersRead = (lines: string[]) => spineNumbers(lines.flatMap((l) => contentTokens(repairOcr(l))));

describe('volume numbers', () => {
  const superman = ['All-Star Superman, Vol. 1', 'All-Star Superman, Vol. 2'];

  it('leaves a volume undecided when the spine does not show its number and a sibling volume is a candidate', () => {
    const read = numbersRead(['All-Star Superman, Vol.', 'Grant Morrison']);
    expect(volumesUnread(superman, read)).toEqual([true, true]);
  });

  it('decides by the number read, glued or zero-padded', () => {
    const read = numbersRead(['The Walking Dead,Vol.13 Too Far Gone']);
    expect([...read]).toEqual(['13']);
    // Main titles, as the catalogue keeps them (subtitles apart).
    const dead = ['The Walking Dead, Vol. 13', 'The Walking Dead, Vol. 08'];
    expect(volumesUnread(dead, read)).toEqual([false, true]);
    expect(volumesUnread(superman, numbersRead(['ALL-STAR SUPERMAN 02']))[1]).toBe(false);
  });

  it('is not about books without siblings among the candidates, nor titles that are only a number', () => {
    const none = numbersRead(['FEVER', 'ANDERSON']);
    expect(volumesUnread(['Fever 1793', 'Fever Pitch'], none)[0]).toBe(false);
    expect(volumesUnread(['1984', '1776'], none)[0]).toBe(false);
    expect(volumesUnread(['Catch-22'], none)[0]).toBe(false);
    // Two editions of the same volume are not siblings.
    expect(volumesUnread(['Watchmen, Vol. 1', 'Watchmen, Vol. 1'], none)[0]).toBe(false);
  });
});
