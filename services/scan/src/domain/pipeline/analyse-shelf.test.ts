import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateShelf, lettersOnly, SAMPLE_BOOKS } from '../synthetic';
import { analyseShelf } from './analyse-shelf';
import { getOcrModels } from './model-sessions';
import { recogniseLines, REC_HEIGHT } from './text-recognise';
import { warpLine } from './warp-crop';

const BOOKS = SAMPLE_BOOKS;
const norm = lettersOnly;

describe('OCR models', () => {
  it('reads a large, clear rendered title', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="120"><rect width="900" height="120" fill="white"/>
      <text x="30" y="85" font-family="DejaVu Sans" font-size="64" fill="black">Pride and Prejudice</text></svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const image = { width: info.width, height: info.height, data: new Uint8Array(data) };
    const models = await getOcrModels();
    const rect = { cx: 450, cy: 60, ux: 1, uy: 0, length: 880, thickness: 100 };
    const [out] = await recogniseLines(models, [warpLine(image, rect, REC_HEIGHT, 1200, false)]);
    expect(norm(out?.text ?? '')).toBe('prideandprejudice');
    expect(out?.confidence ?? 0).toBeGreaterThan(0.8);
  });

  it('reads a line the same whatever other lines it is recognised with', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="240"><rect width="1600" height="240" fill="white"/>
      <text x="20" y="85" font-family="DejaVu Serif" font-size="44" fill="#333">The Hobbit</text>
      <text x="20" y="200" font-family="DejaVu Sans" font-size="64" fill="black">A Tale of Two Cities by Charles Dickens</text></svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const image = { width: info.width, height: info.height, data: new Uint8Array(data) };
    const models = await getOcrModels();
    const short = warpLine(image, { cx: 150, cy: 70, ux: 1, uy: 0, length: 280, thickness: 70 }, REC_HEIGHT, 1600, false);
    // A neighbour a little wider (216 px against 192): close enough to have shared a batch, padded.
    const long = warpLine(image, { cx: 175, cy: 180, ux: 1, uy: 0, length: 315, thickness: 70 }, REC_HEIGHT, 1600, false);
    expect([short.width, long.width]).toEqual([192, 216]);
    const [alone] = await recogniseLines(models, [short]);
    const [together] = await recogniseLines(models, [short, long]);
    expect(norm(alone?.text ?? '')).toBe('thehobbit');
    expect(together).toEqual(alone);
  });
});

describe('analyseShelf on a synthetic shelf', () => {
  it('finds 8±1 spines in shelf order and reads the titles', async () => {
    const shelf = await generateShelf({ books: BOOKS, seed: 7, width: 1400, height: 900, spineWidth: [70, 120], maxLeanDegrees: 0 });
    const progress: number[] = [];
    const result = await analyseShelf(shelf.image, { onSpine: (_, p) => progress.push(p.done) });
    expect([result.width, result.height]).toEqual([1400, 900]);
    expect(result.spines.length).toBeGreaterThanOrEqual(7);
    expect(result.spines.length).toBeLessThanOrEqual(9);
    expect(progress).toEqual(result.spines.map((s) => s.order));
    // Every title is read on some spine, and the spines carrying titles come in shelf order.
    const hits = BOOKS.map((b) => result.spines.findIndex((s) => norm(s.text).includes(norm(b.title))));
    const found = hits.filter((i) => i >= 0);
    expect(found.length).toBeGreaterThanOrEqual(7);
    expect(found).toEqual([...found].sort((a, b) => a - b));
    // Polygons advance left to right.
    const xs = result.spines.map((s) => (s.polygon[0][0] + s.polygon[1][0]) / 2);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  }, 20_000);

  it('reads the small print of thin spines on a large photo with a second look at the unread ones', async () => {
    const shelf = await generateShelf({ books: BOOKS.slice(0, 6), seed: 11, width: 4000, height: 1680, spineWidth: [20, 26], maxLeanDegrees: 4 });
    const titlesRead = (spines: readonly { text: string }[]) => BOOKS.filter((b) => spines.some((s) => norm(s.text).includes(norm(b.title)))).length;
    const once = await analyseShelf(shelf.image, { secondLook: false });
    const twice = await analyseShelf(shelf.image);
    expect(twice.spines.length).toBe(once.spines.length);
    expect(titlesRead(twice.spines)).toBeGreaterThanOrEqual(2);
    expect(titlesRead(twice.spines)).toBeGreaterThan(titlesRead(once.spines));
  }, 40_000);

  it('finds a stack of books lying flat after the upright ones, top to bottom, without breaking the row', async () => {
    const flat = [
      { title: 'Brave New World', author: 'Aldous Huxley' },
      { title: 'Dune', author: 'Frank Herbert' },
      { title: 'The Road', author: 'Cormac McCarthy' },
    ];
    const shelf = await generateShelf({ books: BOOKS, seed: 3, width: 1600, height: 900, spineWidth: [70, 110], flat });
    const result = await analyseShelf(shelf.image);
    const upright = result.spines.filter((s) => !s.flat);
    const lying = result.spines.filter((s) => s.flat);
    expect(new Set(result.spines.map((s) => s.shelfIndex))).toEqual(new Set([0]));
    expect(upright.filter((s) => BOOKS.some((b) => norm(s.text).includes(norm(b.title)))).length).toBeGreaterThanOrEqual(7);
    expect(lying.map((s) => flat.findIndex((b) => norm(s.text).includes(norm(b.title))))).toEqual([0, 1, 2]);
    // Flat books come last in shelf order, and their spines are wide, not tall.
    expect(lying.map((s) => s.order)).toEqual([result.spines.length - 2, result.spines.length - 1, result.spines.length]);
    for (const s of lying) {
      const xs = s.polygon.map((p) => p[0]);
      const ys = s.polygon.map((p) => p[1]);
      expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(3 * (Math.max(...ys) - Math.min(...ys)));
    }
  }, 30_000);
});
