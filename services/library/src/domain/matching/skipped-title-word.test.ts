import { describe, expect, it } from 'vitest';
import { skipsTitleWord as skips, spineWords } from './skipped-title-word';

const skipsTitleWord = (lines: string[], title: string) => skips(spineWords(lines), title);

describe('a title word the spine skips', () => {
  it('is seen when a line reads the words on both sides of it together', () => {
    expect(skipsTitleWord(['Tbe Poems of EMILY DICKINSON'], 'The Complete Poems of Emily Dickinson')).toBe(true);
    expect(skipsTitleWord(['HARRY POTTER', 'SORCERERS STONE'], 'Harry Potter and the Sorcerer’s Stone')).toBe(false);
    expect(skipsTitleWord(['THE SECRET GARDEN'], 'The Secret Life of Bees')).toBe(false);
  });

  it('is not seen when the word is elsewhere on the spine, glued to a neighbour, or the anchors are misread alike', () => {
    expect(skipsTitleWord(['THE POEMS', 'COMPLETE'], 'The Complete Poems')).toBe(false);
    expect(skipsTitleWord(['THE COMPLETEPOEMS OF EMILY DICKINSON'], 'The Complete Poems of Emily Dickinson')).toBe(false);
    expect(skipsTitleWord(['TennesseeWiliamsCatona Hot TinRoof'], 'Cat on a Hot Tin Roof')).toBe(false);
    expect(skipsTitleWord(['ANNEFRANK:THEDIARY OFAYOUNG GIRI'], 'The Diary of a Young Girl')).toBe(false);
  });

  it('is not seen for the word before a volume number, which spines leave out', () => {
    expect(skipsTitleWord(['ALL-STAR SUPERMAN 2'], 'All-Star Superman, Vol. 2')).toBe(false);
    expect(skipsTitleWord(['THE WALKING DEAD 13'], 'The Walking Dead, Volume 13')).toBe(false);
  });

  it('ignores lines that are words of different lines of the title, and stop words alone', () => {
    // "of the" lines up with "of X the" in many titles: no evidence.
    expect(skipsTitleWord(['STORY OF THE'], 'Lord of Light the Story')).toBe(false);
    expect(skipsTitleWord(['GONE WIND'], 'Gone with the Wind')).toBe(false);
  });
});
