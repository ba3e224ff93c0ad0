/**
 * The recommender's own nightly path at goodbooks scale, against real Postgres: projection
 * rows → recs.train (read, fit, store) → every reader's top-N list written in batches.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     pnpm exec tsx services/recommender/bench/service-path.ts ../shared/data/goodbooks
 *
 * Uses (and drops) a scratch database `bookshelf_recs_bench`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPool, dropDatabase, migrateAll, withDatabase } from '@bookshelf/db';
import { CatalogRepository } from '../src/data/catalog-repository';
import { ListRepository } from '../src/data/list-repository';
import { ModelRepository } from '../src/data/model-repository';
import { createPrisma } from '../src/data/prisma';
import { ProfileRepository } from '../src/data/profile-repository';
import { TrainingDataRepository } from '../src/data/training-data-repository';
import { signalStrength } from '../src/domain/projections/signal-strength';
import { CatalogCache } from '../src/domain/serving/catalog-cache';
import { ModelCache } from '../src/domain/serving/model-cache';
import { ListBuilder } from '../src/domain/training/list-builder';
import { TrainingService } from '../src/domain/training/training-service';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const fakeId = (prefix: string, n: number) => {
  let s = '';
  for (let v = n; v > 0; v = Math.floor(v / 32)) s = CROCKFORD[v % 32] + s;
  return `${prefix}_${s.padStart(26, '0')}`;
};

/** RFC 4180 enough for books.csv (quoted fields with commas and doubled quotes). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

async function csv(path: string): Promise<Record<string, string>[]> {
  const [head, ...rows] = (await readFile(path, 'utf8')).split(/\r?\n/).filter(Boolean);
  const cols = parseCsvLine(head!);
  return rows.map((r) => Object.fromEntries(parseCsvLine(r).map((v, i) => [cols[i], v])));
}

const secs = (ms: number) => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  const dir = process.argv[2] ?? '../shared/data/goodbooks';
  const url = withDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'bookshelf_recs_bench');
  await dropDatabase(url);
  await migrateAll(url);
  const pool = createPool({ url, schema: 'recs', statementTimeoutMs: 120_000 });
  const prisma = createPrisma(pool);
  try {
    const genres = new Map((await csv(join(dir, 'book_genres.csv'))).map((r) => [r.book_id!, r.genres ? r.genres.split('|') : []]));
    const books = (await csv(join(dir, 'books.csv'))).map((r) => {
      const series = /\(([^()]+?),?\s*#(\d+(?:\.\d+)?)\)\s*$/.exec(r.title ?? '');
      return {
        id: fakeId('bk', Number(r.book_id)),
        title: (r.title ?? '').replace(/\s*\([^()]*#[^()]*\)\s*$/, ''),
        authors: (r.authors ?? '').split(',').map((a) => a.trim()).filter(Boolean),
        genres: genres.get(r.book_id!) ?? [],
        series: series?.[1]?.trim() ?? null,
        number: series ? Number(series[2]) : null,
        year: r.original_publication_year ? Math.trunc(Number(r.original_publication_year)) : null,
        popularity: Number(r.ratings_count) || 0,
      };
    });
    await pool.query(
      `INSERT INTO books (id, title, authors, genres, series, series_number, publication_year, popularity, source_at, source_event_id)
       SELECT b->>'id', b->>'title', ARRAY(SELECT jsonb_array_elements_text(b->'authors')), ARRAY(SELECT jsonb_array_elements_text(b->'genres')),
              b->>'series', (b->>'number')::float8, (b->>'year')::int, (b->>'popularity')::float8, now(), 'evt_bench'
         FROM jsonb_array_elements($1::jsonb) b`,
      [JSON.stringify(books)],
    );
    const ratings = await csv(join(dir, 'ratings_random.csv'));
    const users = [...new Set(ratings.map((r) => r.user_id!))];
    await pool.query(`INSERT INTO users (id) SELECT unnest($1::text[])`, [users.map((u) => fakeId('usr', Number(u)))]);
    for (let i = 0; i < ratings.length; i += 20_000) {
      const chunk = ratings.slice(i, i + 20_000);
      await pool.query(
        `INSERT INTO interactions (user_id, book_id, user_book_id, status, rating, strength, occurred_at, event_id)
         SELECT u, b, 'ub_bench', 'read', r, s, now(), 'evt_bench' FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) t(u, b, r, s)
         ON CONFLICT DO NOTHING`,
        [
          chunk.map((r) => fakeId('usr', Number(r.user_id))),
          chunk.map((r) => fakeId('bk', Number(r.book_id))),
          chunk.map((r) => Number(r.rating)),
          chunk.map((r) => signalStrength({ status: 'read', rating: Number(r.rating), owned: false, shelves: [] })),
        ],
      );
    }
    console.log(`seeded ${books.length} books, ${users.length} readers, ${ratings.length} ratings`);

    const models = new ModelRepository(prisma);
    let batches: string[][] = [];
    const training = new TrainingService(new TrainingDataRepository(prisma), models, { start: async (_v, b) => void (batches = b) }, {
      model: { kind: (process.env.RECS_MODEL as 'ease' | undefined) ?? 'ease' },
      batchReaders: 500,
      keepModels: 3,
    });
    let t = performance.now();
    const { modelVersion } = await training.train('bench', async () => undefined);
    const trainMs = performance.now() - t;
    const catalogs = new CatalogCache(new CatalogRepository(prisma));
    const lists = new ListBuilder(new ProfileRepository(prisma), new ListRepository(prisma), catalogs, new ModelCache(models), 50);
    t = performance.now();
    let written = 0;
    for (const batch of batches) written += (await lists.runBatch(modelVersion, batch, async () => undefined)).written;
    const listMs = performance.now() - t;
    const meta = await models.find(modelVersion);
    console.log(`model ${modelVersion}: ${JSON.stringify(meta?.metrics)}`);
    console.log(`train ${secs(trainMs)} s · ${written} lists (top 50) in ${batches.length} batches ${secs(listMs)} s · total ${secs(trainMs + listMs)} s`);
    const sample = await pool.query(
      `SELECT b.title, r.score, r.reasons FROM recommendations r JOIN books b ON b.id = r.book_id
        WHERE r.user_id = (SELECT user_id FROM interactions GROUP BY 1 ORDER BY count(*) DESC OFFSET 500 LIMIT 1) ORDER BY r.rank LIMIT 14`,
    );
    for (const row of sample.rows) console.log(`  ${row.title} (${row.score}): ${row.reasons.map((x: { text: string }) => x.text).join(' · ')}`);
  } finally {
    await prisma.$disconnect();
    await pool.end();
    await dropDatabase(url);
  }
}

await main();
