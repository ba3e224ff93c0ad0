// Fits the spine-matching confidence model on synthetic shelves and reports how well it is
// calibrated: `tsx services/library/bench/spine-calibration.ts [--fit]`. Without --fit it
// evaluates the weights in src/domain/matching/spine-confidence.ts.
import type { BookRow } from '../src/data/book-row';
import { SUGGEST_AT, WEIGHTS, probability, type SpineFeatures } from '../src/domain/matching/spine-confidence';
import { scoreSpine } from '../src/domain/matching/spine-matcher';
import { foldText } from '../src/domain/text/normalise';
import { openBenchDb, prng } from './bench-db';
import { negativeSpine, positiveSpine, type SyntheticSpine } from './synthetic-spines';

type W = typeof WEIGHTS;
interface Example {
  f: SpineFeatures;
  y: number;
  top: boolean;
  spine: number;
  /** The matcher's own confidence: the model's, after its rules (short titles, skipped title words). */
  confidence: number;
}

const fit = process.argv.includes('--fit');
const N = Number(process.argv.find((a) => a.startsWith('--n='))?.slice(4) ?? 1500);
const db = await openBenchDb({ fresh: false });
if (await db.books.isEmpty()) await db.loadCatalogue();
const books = await db.prisma.$queryRawUnsafe<BookRow[]>(`SELECT id, title, subtitle, series, authors, ratings_count FROM books`);
const vocabulary = [...new Set(books.flatMap((b) => foldText(b.title).split(' ')).filter((w) => w.length >= 4))];

function sameWork(a: BookRow | undefined, id: string | null): boolean {
  if (!a || !id) return false;
  if (a.id === id) return true;
  const b = byId.get(id)!;
  return foldText(a.title) === foldText(b.title) && foldText(a.authors[0] ?? '') === foldText(b.authors[0] ?? '');
}
const byId = new Map(books.map((b) => [b.id, b]));

async function collect(seed: number, n: number): Promise<{ examples: Example[]; spines: SyntheticSpine[] }> {
  const rnd = prng(seed);
  const spines: SyntheticSpine[] = Array.from({ length: n }, () =>
    rnd() < 0.65 ? positiveSpine(books[Math.floor(rnd() * books.length)]!, rnd) : negativeSpine(books, vocabulary, rnd),
  );
  const examples: Example[] = [];
  let i = 0;
  for (const s of spines) {
    const { candidates } = await scoreSpine(db.catalog, { detectionId: `s${i}`, texts: s.lines });
    candidates.slice(0, 3).forEach((c, rank) => {
      if (c.features) examples.push({ f: c.features, y: sameWork(c.book, s.bookId) ? 1 : 0, top: rank === 0, spine: i, confidence: c.confidence });
    });
    i++;
  }
  return { examples, spines };
}

// Synthetic OCR confidence and popularity only carry artefacts of the generator: kept out of the fit.
const FROZEN = new Set<keyof W>(['ocrConfidence', 'popularity', 'readLetters']);

function train(examples: Example[], start: W): W {
  const keys = (Object.keys(start) as (keyof W)[]).filter((k) => !FROZEN.has(k));
  const w = { ...start };
  for (const k of FROZEN) w[k] = 0;
  const lr = 2;
  for (let it = 0; it < 12000; it++) {
    const grad = Object.fromEntries(Object.keys(start).map((k) => [k, 0])) as W;
    for (const e of examples) {
      const err = probability(e.f, w) - e.y;
      grad.bias += err;
      for (const k of keys) if (k !== 'bias') grad[k] += err * e.f[k as keyof SpineFeatures];
    }
    for (const k of keys) w[k] -= (lr * (grad[k] / examples.length + (k === 'bias' ? 0 : 0.001 * w[k])));
  }
  for (const k of keys) w[k] = Math.round(w[k] * 100) / 100;
  return w;
}

function report(label: string, examples: Example[], spines: SyntheticSpine[], w: W) {
  const tops = examples.filter((e) => e.top);
  const bins = [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01];
  console.log(`\n${label}: reliability of the top candidate (predicted → observed)`);
  for (let b = 0; b + 1 < bins.length; b++) {
    const inBin = tops.filter((e) => {
      const p = probability(e.f, w);
      return p >= bins[b]! && p < bins[b + 1]!;
    });
    if (!inBin.length) continue;
    const mean = inBin.reduce((s, e) => s + probability(e.f, w), 0) / inBin.length;
    const obs = inBin.reduce((s, e) => s + e.y, 0) / inBin.length;
    console.log(`  [${bins[b]!.toFixed(1)}, ${Math.min(1, bins[b + 1]!).toFixed(1)})  n=${String(inBin.length).padStart(4)}  predicted ${mean.toFixed(2)}  observed ${obs.toFixed(2)}`);
  }
  const positives = spines.filter((s) => s.bookId).length;
  for (const at of [...new Set([0.6, SUGGEST_AT, 0.8])]) {
    const suggested = tops.filter((e) => probability(e.f, w) >= at);
    const right = suggested.filter((e) => e.y === 1).length;
    console.log(`  at ${at}: precision ${(right / Math.max(1, suggested.length) * 100).toFixed(1)}%  recall ${(right / positives * 100).toFixed(1)}% (${right}/${positives} catalogue books)  wrong suggestions ${suggested.length - right}`);
  }
  if (w === WEIGHTS) {
    const suggested = tops.filter((e) => e.confidence >= SUGGEST_AT);
    const right = suggested.filter((e) => e.y === 1).length;
    console.log(`  matcher as shipped (its rules on top of the model), at ${SUGGEST_AT}: precision ${(right / Math.max(1, suggested.length) * 100).toFixed(1)}%  recall ${(right / positives * 100).toFixed(1)}% (${right}/${positives})  wrong suggestions ${suggested.length - right}`);
  }
}

const t0 = Date.now();
const trainSet = await collect(1, N);
const testSet = await collect(2, Math.round(N / 2));
console.log(`scored ${N + Math.round(N / 2)} synthetic spines in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const weights = fit ? train(trainSet.examples.filter((e) => e.top), WEIGHTS) : WEIGHTS;
if (fit) console.log('fitted weights:', JSON.stringify(weights));
report('train', trainSet.examples, trainSet.spines, weights);
report('held out', testSet.examples, testSet.spines, weights);
await db.close();
