import { describe, expect, it } from 'vitest';
import { spineNumbers, volumeUnread } from './volume-number';

describe('volume numbers', () => {
  const superman = ['All-Star Superman, Vol. 1', 'All-Star Superman, Vol. 2'];

  it('leaves a volume undecided when the spine does not show its number and a sibling volume is a candidate', () => {
    const read = spineNumbers(['All-Star Superman, Vol.', 'Grant Morrison']);
    expect(volumeUnread(superman[0]!, superman, read)).toBe(true);
    expect(volumeUnread(superman[1]!, superman, read)).toBe(true);
  });

  it('decides by the number read, glued or zero-padded', () => {
    const read = spineNumbers(['The Walking Dead,Vol.13 Too Far Gone']);
    expect([...read]).toEqual(['13']);
    // Main titles, as the catalogue keeps them (subtitles apart).
    const dead = ['The Walking Dead, Vol. 13', 'The Walking Dead, Vol. 08'];
    expect(volumeUnread(dead[0]!, dead, read)).toBe(false);
    expect(volumeUnread(dead[1]!, dead, read)).toBe(true);
    expect(volumeUnread(superman[1]!, superman, spineNumbers(['ALL-STAR SUPERMAN 02']))).toBe(false);
  });

  it('is not about books without siblings among the candidates, nor titles that are only a number', () => {
    const none = spineNumbers(['FEVER', 'ANDERSON']);
    expect(volumeUnread('Fever 1793', ['Fever 1793', 'Fever Pitch'], none)).toBe(false);
    expect(volumeUnread('1984', ['1984', '1776'], none)).toBe(false);
    expect(volumeUnread('Catch-22', ['Catch-22'], none)).toBe(false);
    // Two editions of the same volume are not siblings.
    expect(volumeUnread('Watchmen, Vol. 1', ['Watchmen, Vol. 1', 'Watchmen, Vol. 1'], none)).toBe(false);
  });
});
