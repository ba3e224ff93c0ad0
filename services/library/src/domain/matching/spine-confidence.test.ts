import { describe, expect, it } from 'vitest';
import { repairOcr } from '../text/normalise';
import { SUGGEST_AT, features, probability } from './spine-confidence';
import { weighedTokens } from './spine-matcher';
import { spineReadings } from './spine-text';
import { queryTokens, tokenize } from './text-evidence';

const hobbit = tokenize({ title: 'The Hobbit', subtitle: null, series: null, authors: ['J.R.R. Tolkien'] });
const shadows = tokenize({ title: 'Shadows in Flight', subtitle: null, series: null, authors: ['Orson Scott Card'] });
const it_ = tokenize({ title: 'It', subtitle: null, series: null, authors: ['Stephen King'] });
const ctx = { margin: 0.3, ocrConfidence: 0.9, upsideDown: false, ratingsCount: 1000 };

function p(text: string, book = hobbit, margin = 0.3) {
  return probability(features(queryTokens(repairOcr(text)), book, { ...ctx, margin }));
}

describe('spine confidence', () => {
  it('is high for a title and author read through OCR noise', () => {
    expect(p('THE HOBBlT J.R.R. TOLKlEN HarperCollins')).toBeGreaterThan(0.9);
    expect(p('SHADOWS IN FLIGHT CARD', shadows)).toBeGreaterThan(0.9);
  });

  it('suggests nothing for a short, common title without author, and less when a rival is as good', () => {
    expect(p('IT', it_, 0)).toBeLessThan(SUGGEST_AT);
    expect(p('IT STEPHEN KING', it_, 0.3)).toBeGreaterThan(SUGGEST_AT);
    expect(p('THE HOBBIT TOLKIEN', hobbit, -0.1)).toBeLessThan(p('THE HOBBIT TOLKIEN', hobbit, 0.3));
  });

  it('grows with evidence', () => {
    expect(p('THE HOBBIT TOLKIEN')).toBeGreaterThan(p('THE HOBBIT'));
    expect(p('SHADOWS IN FLIGHT', shadows)).toBeGreaterThan(p('SHADOWS', shadows));
    expect(p('UNRELATED WORDS HERE')).toBeLessThan(0.05);
  });
});

describe('spine text as real photos read it', () => {
  const tremain = tokenize({ title: 'Johnny Tremain', subtitle: null, series: null, authors: ['Esther Forbes'] });
  const forest = tokenize({ title: 'The Darkest Part of the Forest', subtitle: null, series: null, authors: ['Holly Black'] });
  const skin = tokenize({ title: "The Skin I'm In", subtitle: null, series: null, authors: ['Sharon G. Flake'] });

  it('sets publisher, imprint and award words aside, but not words the spine cannot explain', () => {
    expect(p('LAUREL-LEAF NEWBERY JOHNNY TREMAIN', tremain)).toBeGreaterThan(SUGGEST_AT);
    expect(p('GLASSWORK HUMMINGBIRD JOHNNY TREMAIN', tremain)).toBeLessThan(SUGGEST_AT);
  });

  it("sets aside an imprint cut at the spine's edge and a stray letter glued to THE", () => {
    const stars = tokenize({ title: 'Number the Stars', subtitle: null, series: null, authors: ['Lois Lowry'] });
    // As read off a real spine: "NUMBER" lost its N, "YEARLING" its first four letters.
    expect(p('UMBER RTHE SIARS LING', stars)).toBeGreaterThan(SUGGEST_AT);
    // A word that is no imprint's tail still counts against the book.
    expect(p('UMBER RTHE SIARS LUNG', stars)).toBeLessThan(p('UMBER RTHE SIARS LING', stars));
    expect(p('UMBER RTHE SIARS LUNG', stars)).toBeLessThan(SUGGEST_AT);
  });

  it('sets aside what OCR makes of stickers and logos: short tokens with digits, a lone character of another script', () => {
    const echo = tokenize({ title: 'Echo', subtitle: null, series: null, authors: ['Pam Muñoz Ryan'] });
    const fever = tokenize({ title: 'Fever 1793', subtitle: null, series: null, authors: ['Laurie Halse Anderson'] });
    expect(p('MA5 PRESS ECHO 日', echo)).toBeCloseTo(p('ECHO', echo), 5);
    expect(p('MAS PRESS ECHO', echo)).toBeLessThan(SUGGEST_AT);
    // Digits the book explains still count for it.
    expect(p('FEVER 1793', fever)).toBeGreaterThan(p('FEVER', fever));
  });

  it('finds title words OCR glued together, and lets scraps weigh less than words', () => {
    expect(p('HO.LLX DARKEST PARTFOREST', forest)).toBeGreaterThan(SUGGEST_AT);
    expect(p("Flake The Skin I'mIn", skin)).toBeGreaterThan(SUGGEST_AT);
    // Stop words glued together explain nothing.
    expect(p('DARKEST ANTHEOF FOREST', forest)).toBeLessThan(p('DARKEST PARTFOREST', forest));
  });

  it('splits glued words whose long words are misread by a letter', () => {
    const stone = tokenize({ title: "Harry Potter and the Sorcerer's Stone", subtitle: null, series: 'Harry Potter', authors: ['J.K. Rowling'] });
    const roof = tokenize({ title: 'Cat on a Hot Tin Roof', subtitle: null, series: null, authors: ['Tennessee Williams'] });
    expect(p('ARRYPOTTER THK SORCERKRS STONE', stone)).toBeGreaterThan(SUGGEST_AT);
    expect(p('TennesseeWiliamsCatona Hot TinRoof', roof)).toBeGreaterThan(SUGGEST_AT);
    // A glued scrap that is no word of the book explains nothing.
    expect(p('QXZWPOTTER THK SORCERKRS STONE', stone)).toBeLessThan(p('ARRYPOTTER THK SORCERKRS STONE', stone));
  });

  it('lets lines the OCR was unsure of speak less against a book than lines it read cleanly', () => {
    const ersatz = tokenize({ title: 'The Ersatz Elevator', subtitle: null, series: null, authors: ['Lemony Snicket'] });
    const read = (lines: [string, number][]) => {
      const [reading] = spineReadings(lines.map(([text, confidence]) => ({ text, confidence })));
      const { tokens, sure } = weighedTokens(reading!);
      return probability(features(tokens, ersatz, { ...ctx, sure }));
    };
    // "A Series of Unfortunate Events" in a display font, read as scraps.
    const unsure = read([['ASari', 0.73], ['Ties ofUatsEra', 0.66], ['THE ERSATZ ELEVATOR', 0.95]]);
    const sure = read([['ASari', 0.95], ['Ties ofUatsEra', 0.95], ['THE ERSATZ ELEVATOR', 0.95]]);
    expect(unsure).toBeGreaterThan(SUGGEST_AT);
    expect(sure).toBeLessThan(unsure);
    expect(weighedTokens(spineReadings([{ text: 'IT', confidence: 0.9 }])[0]!)).toEqual({ tokens: ['it'], sure: [1] });
  });

  it('needs more than a three-letter word of the spine to speak for a book', () => {
    const ray = tokenize({ title: 'Rachael Ray 365: No Repeats', subtitle: null, series: null, authors: ['Rachael Ray'] });
    expect(p('ray bn', ray, 0.5)).toBeLessThanOrEqual(0.5);
    expect(p('RACHAEL RAY 365', ray, 0.5)).toBeGreaterThan(SUGGEST_AT);
    const echo = tokenize({ title: 'Echo', subtitle: null, series: null, authors: ['Pam Muñoz Ryan'] });
    expect(p('ECHO PAM MUNOZ RYAN', echo)).toBeGreaterThan(SUGGEST_AT);
  });

  it('does not take a short word one letter off for a title word', () => {
    const king = tokenize({ title: 'The King', subtitle: null, series: null, authors: ['J.R. Ward'] });
    expect(p('SING.UNBURIED JESMYN WARD', king)).toBeLessThan(SUGGEST_AT);
    expect(p('THE KING J.R. WARD', king)).toBeGreaterThan(SUGGEST_AT);
    const mill = tokenize({ title: 'The Miserable Mill', subtitle: null, series: null, authors: ['Lemony Snicket'] });
    expect(p('IHE MISERABLE MIL', mill)).toBeGreaterThan(SUGGEST_AT);
  });
});
