import { describe, expect, it } from 'vitest';
import { joinTitle, splitAuthors, splitSeries, titleParts } from './title-parts';

describe('title parts', () => {
  it('splits the series out of Goodreads titles', () => {
    expect(splitSeries('The Hunger Games (The Hunger Games, #1)')).toEqual({ title: 'The Hunger Games', series: 'The Hunger Games', seriesNumber: 1 });
    expect(splitSeries('Ranma ½, Vol. 1 (Ranma ½ (US 2nd), #1)')).toEqual({ title: 'Ranma ½, Vol. 1', series: 'Ranma ½ (US 2nd)', seriesNumber: 1 });
    expect(splitSeries('The Colour of Magic (Discworld, #1; Rincewind #1)').series).toBe('Discworld');
    expect(splitSeries('New Spring (The Wheel of Time, #0.5)').seriesNumber).toBe(0.5);
    expect(splitSeries('Harry Potter Boxed Set (Harry Potter, #1-7)')).toEqual({ title: 'Harry Potter Boxed Set', series: 'Harry Potter', seriesNumber: null });
    expect(splitSeries('The Legend of Sleepy Hollow (Graphic Novel)').series).toBeNull();
    expect(splitSeries('Saga #1').series).toBeNull();
  });

  it('splits subtitles at the first colon', () => {
    expect(titleParts('Freakonomics: A Rogue Economist Explores the Hidden Side of Everything')).toMatchObject({
      title: 'Freakonomics',
      subtitle: 'A Rogue Economist Explores the Hidden Side of Everything',
    });
    expect(titleParts('The Hobbit')).toEqual({ title: 'The Hobbit', subtitle: null, series: null, seriesNumber: null });
  });

  it('writes titles back the way Goodreads does', () => {
    const raw = "Harry Potter and the Sorcerer's Stone (Harry Potter, #1)";
    expect(joinTitle(titleParts(raw))).toBe(raw);
    expect(joinTitle({ title: 'Dune', subtitle: null, series: 'Dune', seriesNumber: null })).toBe('Dune (Dune)');
  });

  it('splits author lists without breaking suffixes', () => {
    expect(splitAuthors('J.K. Rowling, Mary GrandPré')).toEqual(['J.K. Rowling', 'Mary GrandPré']);
    expect(splitAuthors('Walter M. Miller, Jr., Someone Else')).toEqual(['Walter M. Miller, Jr.', 'Someone Else']);
  });
});
