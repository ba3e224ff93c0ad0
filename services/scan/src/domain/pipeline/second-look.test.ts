import { describe, expect, it } from 'vitest';
import { generateShelf, lettersOnly, SAMPLE_BOOKS } from '../synthetic';
import { getOcrModels } from './model-sessions';
import { prepareImage } from './preprocess';
import { lookAgain, poorlyRead, readingScore, secondLook } from './second-look';

const BOOKS = SAMPLE_BOOKS.filter((b) => b.title !== 'The Hobbit').slice(0, 6);
const norm = lettersOnly;

const READ = { orientation: 'cls', minLineConfidence: 0.6 } as const;

/** Thin spines with small print on a wide photo: what the whole-photo detector misses. */
async function thinSpines() {
  const shelf = await generateShelf({ books: BOOKS, seed: 11, width: 2400, height: 1000, spineWidth: [26, 34], maxLeanDegrees: 4 });
  const { image } = await prepareImage(shelf.image, 4000);
  return { shelf, image, models: await getOcrModels(), quads: shelf.spines.map((s) => s.polygon) };
}

const reading = (...lines: string[]) => ({
  texts: lines.map((text) => ({ text, confidence: 0.9 })),
  text: lines.join(' '),
  confidence: 0.9,
});

describe('which spines get a second look', () => {
  it('looks again at nothing, a scrap, or scraps only; not at a word read whole', () => {
    expect(poorlyRead(undefined)).toBe(true);
    expect(poorlyRead(reading())).toBe(true);
    expect(poorlyRead(reading('CARN'))).toBe(true);
    expect(poorlyRead(reading('ray', 'bn'))).toBe(true);
    expect(poorlyRead(reading('HIS', 'WAR'))).toBe(true);
    expect(poorlyRead(reading('ECHO', 'RYAN'))).toBe(false);
    expect(poorlyRead(reading('REBECCA STEAD'))).toBe(false);
  });

  it('keeps the longer of two equally sure readings', () => {
    expect(readingScore(reading('Togage en the', 'Jreal Til'))).toBeGreaterThan(readingScore(reading('WHI')));
    expect(readingScore(undefined)).toBe(0);
  });
});

describe('second look at unread spines', () => {
  it('reads thin spines from their polygons alone, one reading per polygon in the order given', async () => {
    const { shelf, image, models } = await thinSpines();
    const spines = [...shelf.spines].reverse();
    const readings = await secondLook(models, image, spines.map((s) => s.polygon), READ);
    expect(readings).toHaveLength(spines.length);
    const right = spines.filter((s, i) => norm(readings[i]?.text ?? '').includes(norm(s.title)));
    expect(right.length).toBeGreaterThanOrEqual(spines.length - 1);
  }, 30_000);

  it('reads a spine the same whatever other spines it is looked at with', async () => {
    const { image, models, quads } = await thinSpines();
    const all = await secondLook(models, image, quads, READ);
    for (const k of [0, quads.length - 1]) {
      const [alone] = await secondLook(models, image, [quads[k]!], READ);
      expect(alone).toEqual(all[k]);
    }
  }, 60_000);

  it('returns nothing for no spines, and no text for a polygon on a blank wall', async () => {
    const shelf = await generateShelf({ books: BOOKS.slice(0, 2), seed: 2, width: 800, height: 600 });
    const { image } = await prepareImage(shelf.image, 4000);
    const models = await getOcrModels();
    expect(await secondLook(models, image, [], { orientation: 'cls', minLineConfidence: 0.6 })).toEqual([]);
    const [blank] = await secondLook(models, { width: 200, height: 600, data: new Uint8Array(200 * 600 * 3).fill(230) }, [
      [
        [80, 10],
        [120, 10],
        [120, 590],
        [80, 590],
      ],
    ], { orientation: 'cls', minLineConfidence: 0.6 });
    expect(blank?.texts).toEqual([]);
  }, 30_000);

  it('looks again, larger, at what a look left poorly read, and keeps a good reading it already has', async () => {
    const { shelf, image, models, quads } = await thinSpines();
    const read = READ;
    const rightOf = (rs: readonly ({ text: string } | undefined)[]) => shelf.spines.filter((s, i) => norm(rs[i]?.text ?? '').includes(norm(s.title))).length;
    // Strips 12 px wide: some of these titles are too small to read whole.
    const none = quads.map(() => undefined);
    const small = await lookAgain(models, image, quads, none, read, { widths: [12] });
    const poor = quads.map((_, k) => k).filter((k) => poorlyRead(small[k]));
    expect(poor.length).toBeGreaterThanOrEqual(1);
    // A larger look after it reads those, and leaves what the small one read well as it was.
    const cascade = await lookAgain(models, image, quads, none, read, { widths: [12, 96] });
    expect(rightOf(cascade)).toBeGreaterThanOrEqual(quads.length - 1);
    expect(rightOf(cascade)).toBeGreaterThan(rightOf(small));
    for (const k of quads.keys()) if (!poor.includes(k)) expect(cascade[k]?.text).toBe(small[k]?.text);
    // A spine already read well, and one not to be looked at, keep what they have.
    const kept = reading('ALREADY READ WELL');
    const given = quads.map((_, k) => (k === 0 ? kept : undefined));
    const partial = await lookAgain(models, image, quads, given, read, { widths: [96], lookAt: quads.map((_, k) => k !== 1) });
    expect(partial[0]).toBe(kept);
    expect(partial[1]).toBeUndefined();
    expect(rightOf(partial)).toBeGreaterThanOrEqual(quads.length - 3);
  }, 60_000);
});
