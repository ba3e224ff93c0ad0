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
let textBoxes: readonly (readonly (readonly [number, number])[])[] = [];
const mode = process.env.DETECTION === 'both' || process.env.DETECTION === 'upright' ? process.env.DETECTION : 'turned';
const result = await analyseShelf(input, { textDetection: mode, onTextBoxes: (b) => (textBoxes = b) });
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
const lines = textBoxes.map((q) => `<polygon points="${q.map((p) => p.join(',')).join(' ')}" fill="none" stroke="blue" stroke-width="${Math.max(1, stroke / 2)}"/>`).join('');
const svg = `<svg width="${result.width}" height="${result.height}" xmlns="http://www.w3.org/2000/svg">${lines}${shapes}</svg>`;
const composed = await sharp(input).rotate().composite([{ input: Buffer.from(svg) }]).png().toBuffer();
const crop = process.env.CROP?.split(',').map(Number); // x,y,w,h as fractions of the photo
const view = crop && crop.length === 4 ? sharp(composed).extract({ left: Math.round(crop[0]! * result.width), top: Math.round(crop[1]! * result.height), width: Math.round(crop[2]! * result.width), height: Math.round(crop[3]! * result.height) }) : sharp(composed);
await view.resize(1400, 1400, { fit: 'inside' }).png().toFile(out);
for (const s of result.spines) console.log(s.order, s.shelfIndex, s.flat ? 'flat' : '', s.confidence.toFixed(2), esc(s.text));
console.log(JSON.stringify(result.timings), result.spines.length, 'spines');
