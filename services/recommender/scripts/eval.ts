/**
 * Offline evaluation of the recommender models on goodbooks ratings.
 *
 *   pnpm --filter @bookshelf/recommender eval [--ratings path] [--seed 42] [--quick] [--dense] [--scaling]
 *
 * --quick skips tuning (uses TUNED_SPECS); --dense adds the unpruned EASE for
 * comparison with the README (slow: ~1 min); --scaling times the two EASE solver
 * routes at several item cut-offs.
 *
 * Protocol (shared/data/README.md): ratings ≥ 4 are positives, users with ≥ 5
 * positives, 20 % of each user's positives held out with a fixed seed, every item
 * ranked, training items excluded. Hyper-parameters are tuned on a validation split
 * carved out of the training part (never on the test split); the chosen settings are
 * then refit on the full training part and scored once on the test split.
 * Prints tables and writes docs/recommender-eval.md at the repo root.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildEvalData, evaluate, rankFitted, type EvalData, type EvalResult } from '../src/domain/eval/evaluate';
import { searchByNdcg } from '../src/domain/eval/grid-search';
import { holdoutSplit } from '../src/domain/eval/holdout-split';
import { positiveInteractions, readRatingsCsv } from '../src/domain/eval/ratings-csv';
import { formatMarkdownTable, formatTextTable } from '../src/domain/eval/report';
import { EaseRecommender } from '../src/domain/models/ease';
import { ItemKnnRecommender } from '../src/domain/models/item-knn';
import { loadModel, serializeModel } from '../src/domain/models/model-io';
import { TUNED_SPECS } from '../src/domain/models/model-spec';
import { PopularityRecommender } from '../src/domain/models/popularity';
import type { Recommender } from '../src/domain/models/recommender';

const serviceDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(serviceDir, '../..');

const { values: args } = parseArgs({
  options: {
    ratings: { type: 'string' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'docs/recommender-eval.md' },
    quick: { type: 'boolean', default: false },
    dense: { type: 'boolean', default: false },
    scaling: { type: 'boolean', default: false },
  },
});

/**
 * --ratings and GOODBOOKS_RATINGS, when relative, mean "relative to where the command
 * was typed" (pnpm --filter changes cwd, INIT_CWD keeps the original). The default is
 * the shared data folder beside the repo, found from this file, not from the cwd.
 */
const callerDir = process.env['INIT_CWD'] ?? process.cwd();
const requested = args.ratings ?? process.env['GOODBOOKS_RATINGS'];
const ratingsPath = requested
  ? resolve(callerDir, requested)
  : resolve(serviceDir, '../../../shared/data/goodbooks/ratings_random.csv');
const outPath = resolve(repoRoot, args.out);
const seed = Number(args.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${args.seed}`);
if (!existsSync(ratingsPath)) {
  console.error(`ratings file not found: ${ratingsPath} (pass --ratings or set GOODBOOKS_RATINGS)`);
  process.exit(2);
}

const KNN_NEIGHBOURS = [3, 5, 10, 20, 50, 100];
const EASE_LAMBDAS = [12.5, 25, 50, 100, 200, 400];
const EASE_NEIGHBOURS = [8, 16, 32, 64, 128, 256];
interface ChosenSettings {
  readonly knnNeighbours: number;
  readonly easeLambda: number;
  readonly easeNeighbours: number;
}

/** Used by --quick: the settings the full search picked (seed 42), kept in TUNED_SPECS. */
const QUICK: ChosenSettings = {
  knnNeighbours: TUNED_SPECS.itemKnn.neighbours,
  easeLambda: TUNED_SPECS.ease.lambda,
  easeNeighbours: TUNED_SPECS.ease.neighbours,
};
/** λ for the unpruned EASE of --dense (hand-picked; not tuned on validation). */
const DENSE_LAMBDA = 100;

const log = (line = ''): void => console.log(line);
const f3 = (x: number): string => x.toFixed(3);
const secs = (ms: number): string => (ms / 1000).toFixed(2);

interface TrialLine {
  readonly model: string;
  readonly setting: string;
  readonly result: EvalResult;
}

function printTrial(trials: TrialLine[], model: string, setting: string, result: EvalResult): void {
  trials.push({ model, setting, result });
  log(
    `  ${model.padEnd(8)} ${setting.padEnd(14)} NDCG@10 ${f3(result.ndcg10)}  Recall@20 ${f3(result.recall20)}  ` +
      `fit ${secs(result.fitMs)} s  score ${secs(result.scoreMs)} s`,
  );
}

function tune(validation: EvalData, trials: TrialLine[]): ChosenSettings {
  log('Tuning on the validation split (20 % of each user\'s training positives, seed + 1):');
  const knn = searchByNdcg(
    KNN_NEIGHBOURS.map((neighbours) => ({ params: neighbours, make: (k: number) => new ItemKnnRecommender({ neighbours: k }) })),
    validation,
    (k, r) => printTrial(trials, 'ItemKNN', `k=${k}`, r),
  );
  // Coordinate search for EASE: λ at a middle k, then k at the best λ (each fit ≈ 7 s).
  const middleK = 64;
  const byLambda = searchByNdcg(
    EASE_LAMBDAS.map((lambda) => ({ params: lambda, make: (l: number) => new EaseRecommender({ lambda: l, neighbours: middleK }) })),
    validation,
    (l, r) => printTrial(trials, 'EASE', `λ=${l} k=${middleK}`, r),
  );
  const byK = searchByNdcg(
    EASE_NEIGHBOURS.filter((k) => k !== middleK).map((neighbours) => ({
      params: neighbours,
      make: (k: number) => new EaseRecommender({ lambda: byLambda.best, neighbours: k }),
    })),
    validation,
    (k, r) => printTrial(trials, 'EASE', `λ=${byLambda.best} k=${k}`, r),
  );
  const easeNeighbours = byK.bestResult.ndcg10 > byLambda.bestResult.ndcg10 ? byK.best : middleK;
  return { knnNeighbours: knn.best, easeLambda: byLambda.best, easeNeighbours };
}

interface FinalRow {
  readonly result: EvalResult;
  readonly artifactBytes: number;
  readonly roundTripSame: boolean;
  readonly easeFit: string | undefined;
}

/** Test-split evaluation plus a serialise → load → re-rank check of the stored form. */
function finalRun(model: Recommender, data: EvalData): FinalRow {
  const result = evaluate(model, data);
  const bytes = serializeModel(model);
  const again = rankFitted(loadModel(bytes), data);
  const roundTripSame = again.ndcg10 === result.ndcg10 && again.recall20 === result.recall20;
  log(`  ${result.model}: fit ${secs(result.fitMs)} s, score+top20 for ${result.users} users ${secs(result.scoreMs)} s`);
  return { result, artifactBytes: bytes.length, roundTripSame, easeFit: describeEaseFit(model) };
}

function describeEaseFit(model: Recommender): string | undefined {
  if (!(model instanceof EaseRecommender) || model.lastFit === undefined) return undefined;
  const f = model.lastFit;
  const size = model.solverUsed === 'dual' ? `${f.users}×${f.users} users` : `${f.items}×${f.items} items`;
  return (
    `${model.solverUsed} route (${f.users} users, ${f.items} items, ${f.nnz} interactions): ` +
    `Gram ${size} ${secs(f.gramMs)} s, SPD inverse ${secs(f.invertMs)} s, ` +
    `B columns + top-${model.neighbours} pruning ${secs(f.columnsMs)} s`
  );
}

interface ScalingRow {
  readonly minItemSupport: number;
  readonly solver: 'primal' | 'dual';
  readonly users: number;
  readonly items: number;
  readonly result: EvalResult;
  readonly invertMs: number;
}

/**
 * Fit time of both EASE routes as the item set grows (items with ≥ s training
 * interactions). Primal is skipped above 5 000 items: ~items³/2 multiply-adds at
 * ~2 G/s in one V8 thread would take minutes.
 */
function scaling(data: EvalData, lambda: number, neighbours: number): ScalingRow[] {
  const rows: ScalingRow[] = [];
  log('EASE solver scaling (test split):');
  for (const minItemSupport of [40, 20, 10, 1]) {
    for (const solver of ['primal', 'dual'] as const) {
      const model = new EaseRecommender({ lambda, neighbours, minItemSupport, solver });
      const support = data.train.itemSupport();
      const items = support.filter((c) => c >= minItemSupport).length;
      if (solver === 'primal' && items > 5000) {
        log(`  support ≥ ${minItemSupport}: ${items} items, primal skipped (~${((items ** 3 / 2) / 2e9).toFixed(0)} s estimated)`);
        continue;
      }
      const result = evaluate(model, data);
      const f = model.lastFit!;
      rows.push({ minItemSupport, solver, users: f.users, items: f.items, result, invertMs: f.invertMs });
      log(
        `  support ≥ ${minItemSupport}: ${f.items} items, ${solver.padEnd(6)} fit ${secs(result.fitMs)} s ` +
          `(inverse ${secs(f.invertMs)} s)  NDCG@10 ${f3(result.ndcg10)}`,
      );
    }
  }
  log();
  return rows;
}

/** 1-minute load average: the machine is shared, so timings need this context. */
const loadNow = (): string => os.loadavg()[0]!.toFixed(1);

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadNow();
  const ratings = await readRatingsCsv(ratingsPath);
  const itemIds = [...new Set(ratings.map((r) => r.itemId))];
  const positives = positiveInteractions(ratings, 4);
  const split = holdoutSplit(positives, { testFraction: 0.2, seed, minPerUser: 5 });
  const data = buildEvalData(split, itemIds);
  log(`ratings ${ratings.length} from ${relative(repoRoot, ratingsPath)}; positives (≥4) ${positives.length}`);
  log(
    `users evaluated ${data.test.size}, items ranked ${data.train.itemCount}, train interactions ${data.train.nnz}, ` +
      `held out ${split.test.length}, seed ${seed}`,
  );
  log();

  const trials: TrialLine[] = [];
  let chosen = QUICK;
  if (!args.quick) {
    const inner = holdoutSplit(split.train, { testFraction: 0.2, seed: seed + 1, minPerUser: 2 });
    chosen = tune(buildEvalData(inner, itemIds), trials);
    log(`chosen: ItemKNN k=${chosen.knnNeighbours}; EASE λ=${chosen.easeLambda} k=${chosen.easeNeighbours}`);
    log();
  }

  log('Test split (models refit on the full training part):');
  const models: Recommender[] = [
    new PopularityRecommender(),
    new ItemKnnRecommender({ neighbours: chosen.knnNeighbours }),
    new EaseRecommender({ lambda: chosen.easeLambda, neighbours: chosen.easeNeighbours }),
  ];
  const finals = models.map((m) => finalRun(m, data));
  let dense: EvalResult | undefined;
  if (args.dense) {
    // Unpruned B (every weight kept): the textbook EASE, for comparison with the README.
    const result = evaluate(new EaseRecommender({ lambda: DENSE_LAMBDA, neighbours: data.train.itemCount }), data);
    dense = { ...result, model: `EASE λ=${DENSE_LAMBDA} dense (unpruned)` };
    log(`  ${dense.model}: fit ${secs(dense.fitMs)} s, score ${secs(dense.scoreMs)} s`);
  }
  for (const f of finals) if (f.easeFit) log(`  ${f.result.model} fit: ${f.easeFit}`);
  const results = [...finals.map((f) => f.result), ...(dense ? [dense] : [])];
  log();
  log(formatTextTable(results));
  log();
  for (const f of finals) {
    log(
      `  ${f.result.model}: serialised ${(f.artifactBytes / 1e6).toFixed(2)} MB, ` +
        `load → re-rank identical: ${f.roundTripSame ? 'yes' : 'NO'}`,
    );
  }

  log();
  const scalingRows = args.scaling ? scaling(data, chosen.easeLambda, chosen.easeNeighbours) : [];
  const load = { start: loadAtStart, end: loadNow() };
  log(`machine load average (1 min): ${load.start} at start, ${load.end} at end, on ${os.cpus().length} cores`);
  const markdown = renderMarkdown({
    load,
    data,
    split,
    ratingsCount: ratings.length,
    positives: positives.length,
    trials,
    finals,
    dense,
    chosen,
    scalingRows,
  });
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, markdown);
  log();
  log(`wrote ${relative(repoRoot, outPath)} in ${secs(performance.now() - started)} s total`);
}

interface ReportInput {
  readonly load: { readonly start: string; readonly end: string };
  readonly data: EvalData;
  readonly split: { readonly test: readonly unknown[] };
  readonly ratingsCount: number;
  readonly positives: number;
  readonly trials: readonly TrialLine[];
  readonly finals: readonly FinalRow[];
  readonly dense: EvalResult | undefined;
  readonly chosen: ChosenSettings;
  readonly scalingRows: readonly ScalingRow[];
}

function renderMarkdown(r: ReportInput): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Recommender offline evaluation',
    '',
    `Generated by \`pnpm --filter @bookshelf/recommender eval\` on ${new Date().toISOString().slice(0, 10)} ` +
      `(Node ${process.version}, ${os.cpus().length} × ${cpu}, single-threaded; 1-min load average ` +
      `${r.load.start} at start, ${r.load.end} at end, from other jobs sharing the machine).`,
    '',
    '## Protocol',
    '',
    '- Data: goodbooks-10k `ratings_random.csv` (shared data, not in the repo): ' +
      `${r.ratingsCount} ratings, ${r.positives} positives (rating ≥ 4, binary).`,
    `- Users with ≥ 5 positives: ${r.data.test.size}; per user 20 % of positives (max(1, round(0.2·n))) held out, ` +
      `seed ${seed} (mulberry32 stream per user id) → ${r.split.test.length} test items, ${r.data.train.nnz} training interactions.`,
    `- Every one of the ${r.data.train.itemCount} books is ranked; the user's training items are excluded.`,
    '- NDCG@10 binary relevance; Recall@20 = hits@20 / min(20, |test|) (the README reference 0.248 is reproduced by ' +
      'this definition; plain R@20 = hits@20 / |test| is shown too); P@10 = hits@10 / 10; HR@10 = share of users with ≥ 1 hit in the top 10; ' +
      'coverage@10 = distinct books in any top-10 / all books.',
    '- Hyper-parameters tuned on a validation split (20 % of each user\'s training positives, seed + 1), then refit on ' +
      'the whole training part and measured once on the test split. Validation scores are lower than test scores ' +
      'because the outer test items are unseen there yet count as misses; only their order matters.',
    '- Times: fit = training on the training matrix; score = scoring every item and taking the top 20 for every ' +
      'evaluated user. Wall clock, one thread, on a machine shared with other jobs.',
    '',
    '## Test results',
    '',
    formatMarkdownTable([...r.finals.map((f) => f.result), ...(r.dense ? [r.dense] : [])]),
    '',
    '| model | serialised size | load → re-rank identical |',
    '| --- | ---: | --- |',
    ...r.finals.map(
      (f) => `| ${f.result.model} | ${(f.artifactBytes / 1e6).toFixed(2)} MB | ${f.roundTripSame ? 'yes' : 'no'} |`,
    ),
    '',
    'Reference on this protocol (numpy, README): MostPop NDCG@10 0.089; ItemKNN cosine 0.283; EASE 0.293 (Recall@20 0.248).',
    '',
    'Notes: the served EASE keeps only the k largest |B[i, j]| per scored book; on this data that pruning ' +
      'scores better than the full B, and it makes the model ~100× smaller. ' +
      (r.dense
        ? `The unpruned row (λ=${DENSE_LAMBDA}, picked by hand, not tuned) reproduces the README's EASE; its fit time ` +
          'is dominated by keeping all ~10⁸ weights, not by the solve. '
        : '') +
      'ItemKNN likewise does best with few neighbours. Fit times move by ±50 % with the load other jobs put on the ' +
      'two cores (the SPD inverse alone takes 4.0 s on an idle core and up to 6.5 s under load).',
    '',
    '## EASE fast path',
    '',
    'EASE needs P = (XᵀX + λI)⁻¹ over items (≈ 10 000 here). The dual route uses the Woodbury identity ' +
      'P = (1/λ)(I − Xᵀ(λI + XXᵀ)⁻¹X), so only a users × users SPD matrix is inverted (2 669 here), which is exact, ' +
      'not an approximation. Column j of B is then q/(1 − q_j) with q = Xᵀ(K x_j), produced 8 columns at a time and ' +
      'pruned to the k largest |B[i, j]| on the fly, so the dense items × items B (≈ 400 MB as float32) never exists. ' +
      'The inverse is a register-blocked Cholesky → L⁻¹ → WᵀW in Float64Array (≈ 2.3 G multiply-adds/s in one V8 ' +
      'thread). When items < users the primal route (invert XᵀX + λI) is cheaper and is picked automatically; ' +
      '`minItemSupport` bounds its size when both are large.',
    '',
    ...r.finals.flatMap((f) => (f.easeFit ? [`- ${f.result.model}: ${f.easeFit}.`] : [])),
    '',
  ];
  if (r.scalingRows.length > 0) {
    lines.push(
      '### Solver routes by item cut-off (test split)',
      '',
      '| items with ≥ s interactions | s | users | route | fit s | inverse s | NDCG@10 | Recall@20 |',
      '| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
      ...r.scalingRows.map(
        (row) =>
          `| ${row.items} | ${row.minItemSupport} | ${row.users} | ${row.solver} | ${secs(row.result.fitMs)} | ` +
          `${secs(row.invertMs)} | ${f3(row.result.ndcg10)} | ${f3(row.result.recall20)} |`,
      ),
      '',
    );
  }
  if (r.trials.length > 0) {
    lines.push(
      '## Tuning (validation split)',
      '',
      `Chosen: ItemKNN k=${r.chosen.knnNeighbours}; EASE λ=${r.chosen.easeLambda}, k=${r.chosen.easeNeighbours} ` +
        '(k = weights kept per scored item).',
      '',
      '| model | setting | NDCG@10 | Recall@20 | fit s |',
      '| --- | --- | ---: | ---: | ---: |',
      ...r.trials.map((t) => `| ${t.model} | ${t.setting} | ${f3(t.result.ndcg10)} | ${f3(t.result.recall20)} | ${secs(t.result.fitMs)} |`),
      '',
    );
  }
  return lines.join('\n');
}

await main();
