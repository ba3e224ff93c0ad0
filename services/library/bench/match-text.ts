// Debug view of spine matching: scores spine texts against the goodbooks catalogue in the library
// benchmark's database and prints the top candidates with their features. Lines of one spine are
// separated by '|', each optionally with its OCR confidence after '@' (default 0.95).
// Usage: tsx services/library/bench/match-text.ts 'ASari@0.73|THE ERSATZ ELEVATOR' ...
import { scoreSpine } from '../src/domain/matching/spine-matcher';
import { openBenchDb } from './bench-db';

const texts = process.argv.slice(2);
if (texts.length === 0) throw new Error("usage: match-text 'LINE|LINE' ...");
const db = await openBenchDb({ fresh: false });
try {
  if (await db.books.isEmpty()) await db.loadCatalogue();
  const round = (_: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v);
  for (const text of texts) {
    const texts = text.split('|').map((line) => {
      const at = line.lastIndexOf('@');
      const confidence = at > 0 ? Number(line.slice(at + 1)) : NaN;
      return Number.isFinite(confidence) ? { text: line.slice(0, at), confidence } : { text: line, confidence: 0.95 };
    });
    const spine = { detectionId: 'debug', texts };
    const { reading, candidates } = await scoreSpine(db.catalog, spine);
    console.log(`## ${text}${reading?.upsideDown ? ' (read upside down)' : ''}`);
    for (const c of candidates.slice(0, 3)) console.log(`  ${c.confidence} ${c.book.title} | ${c.book.authors.join(', ')} ${JSON.stringify(c.features, round)}`);
  }
} finally {
  await db.close();
}
