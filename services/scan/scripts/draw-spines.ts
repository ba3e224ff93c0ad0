/**
 * Debug view: runs the pipeline on one photo and writes a downscaled PNG with every spine polygon,
 * its order and its text. Usage: tsx scripts/draw-spines.ts <photo> <out.png>
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { analyseShelf } from '../src/domain/pipeline';

const [file, out = '/tmp/spines.png'] = process.argv.slice(2);
if (!file) throw new Error('usage: draw-spines <photo> [out.png]');
const input = await readFile(file);
const result = await analyseShelf(input);
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const stroke = Math.max(2, Math.round(result.width / 600));
const font = Math.max(12, Math.round(result.width / 90));
const shapes = result.spines
  .map((s) => {
    const pts = s.polygon.map((p) => p.join(',')).join(' ');
    const colour = s.flat ? 'cyan' : s.shelfIndex % 2 === 0 ? 'red' : 'lime';
    const [x, y] = s.polygon[3];
    return `<polygon points="${pts}" fill="none" stroke="${colour}" stroke-width="${stroke}"/><text x="${x + 4}" y="${y - 6}" font-size="${font}" fill="yellow" stroke="black" stroke-width="1">${s.order}</text>`;
  })
  .join('');
const svg = `<svg width="${result.width}" height="${result.height}" xmlns="http://www.w3.org/2000/svg">${shapes}</svg>`;
const composed = await sharp(input).rotate().composite([{ input: Buffer.from(svg) }]).png().toBuffer();
await sharp(composed).resize(1400, 1400, { fit: 'inside' }).png().toFile(out);
for (const s of result.spines) console.log(s.order, s.shelfIndex, s.flat ? 'flat' : '', s.confidence.toFixed(2), esc(s.text));
console.log(JSON.stringify(result.timings), result.spines.length, 'spines');
