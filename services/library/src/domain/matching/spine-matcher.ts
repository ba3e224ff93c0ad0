import type { BookSummary, JobPayload, MatchSpinesResult, SpineCandidate } from '@bookshelf/contracts';
import type { BookRepository } from '../../data/book-repository';
import { toBookSummary, type BookRow } from '../../data/book-row';
import type { CatalogService } from '../catalog/catalog-service';
import { findIsbns } from '../catalog/isbn';
import { contentTokens, repairOcr } from '../text/normalise';
import { assignShelf } from './shelf-assignment';
import { skipsTitleWord, spineWords } from './skipped-title-word';
import { SUGGEST_AT, features, probability, textScore, type SpineFeatures } from './spine-confidence';
import { spineReadings, type SpineReading } from './spine-text';
import { spineNumbers, volumesUnread } from './volume-number';
import { queryTokens, tokensOf } from './text-evidence';

type Spine = JobPayload<'catalog.match-spines'>['spines'][number];

export interface ScoredCandidate {
  book: BookRow;
  confidence: number;
  features: SpineFeatures | null;
  matchedBy: SpineCandidate['matchedBy'];
}

const RETRIEVE = 60;
const SCORE_TOP = 12;
const CONCURRENCY = 4;
/** Most a ruled-out or undecided candidate is trusted (below SUGGEST_AT: shown, never suggested). */
const RULED_OUT_CAP = 0.5;

/** Scores one reading of a spine: retrieval from the catalogue, then the calibrated model. */
export async function scoreReading(catalog: CatalogService, reading: SpineReading): Promise<ScoredCandidate[]> {
  const ranked = (await catalog.rankText(reading.text, RETRIEVE)).slice(0, SCORE_TOP);
  const { tokens, sure } = weighedTokens(reading);
  const read = spineWords(reading.lines.map((l) => l.text));
  const withText = ranked.map((r) => {
    const t = tokensOf(r.row.id, r.row);
    const base = features(tokens, t, {
      sure,
      margin: 0,
      ocrConfidence: reading.ocrConfidence,
      upsideDown: reading.upsideDown,
      ratingsCount: r.row.ratings_count,
    });
    return { row: r.row, base, text: textScore(base) };
  });
  // A title word the spine skips rules the book out (another edition, or a title the catalogue
  // lacks), however well the rest agrees; and a book that explains the spine less well than one
  // ruled out is not the one on it either.
  const ruledOut = withText.filter((c) => skipsTitleWord(read, c.row.title));
  const bar = Math.max(-1, ...ruledOut.map((c) => c.text));
  // One volume of a series whose number the spine does not show is not told from the others.
  const unsure = volumesUnread(withText.map((c) => c.row.title), spineNumbers(tokens));
  return withText
    .map((c, k) => {
      const rival = Math.max(0, ...withText.filter((o) => o.row.id !== c.row.id && !sameWork(o.row, c.row)).map((o) => o.text));
      const f = { ...c.base, margin: c.text - rival };
      const p = probability(f);
      const capped = c.text <= bar || unsure[k] ? Math.min(p, RULED_OUT_CAP) : p;
      return {
        book: c.row,
        confidence: Math.round(capped * 1000) / 1000,
        features: f,
        matchedBy: f.authorCoverage >= 0.7 ? ('title_author' as const) : ('title' as const),
      };
    })
    .sort((a, b) => b.confidence - a.confidence || b.book.ratings_count - a.book.ratings_count);
}

/** OCR confidence at which a line's words count in full; below it they weigh less, down to a floor. */
const SURE_AT = 0.9;
const UNSURE_FLOOR = 0.3;

/**
 * The reading's tokens, each with how sure the OCR was of its line: a display-font series name
 * read as scraps ("ASari Ties ofUatsEra", confidence 0.66) says less against a book than a line
 * read cleanly.
 */
export function weighedTokens(reading: SpineReading): { tokens: string[]; sure: number[] } {
  const tokens: string[] = [];
  const sure: number[] = [];
  for (const line of reading.lines) {
    const w = Math.max(UNSURE_FLOOR, Math.min(1, (line.confidence / SURE_AT) ** 2));
    for (const t of contentTokens(repairOcr(line.text))) {
      tokens.push(t);
      sure.push(w);
    }
  }
  // Nothing but stop words ("IT"): the whole text, as the catalogue search takes it.
  if (tokens.length === 0) {
    const all = queryTokens(repairOcr(reading.text));
    return { tokens: all, sure: all.map(() => 1) };
  }
  return { tokens, sure };
}

function sameWork(a: BookRow, b: BookRow): boolean {
  return a.title.toLowerCase() === b.title.toLowerCase() && (a.authors[0] ?? '') === (b.authors[0] ?? '');
}

/** Both readings when the upright one is not convincing; the better one wins. */
export async function scoreSpine(catalog: CatalogService, spine: Spine): Promise<{ reading: SpineReading | null; candidates: ScoredCandidate[] }> {
  const readings = spineReadings(spine.texts);
  if (readings.length === 0) return { reading: null, candidates: [] };
  const upright = await scoreReading(catalog, readings[0]!);
  if ((upright[0]?.confidence ?? 0) >= SUGGEST_AT || !readings[1]) return { reading: readings[0]!, candidates: upright };
  const flipped = await scoreReading(catalog, readings[1]);
  return (flipped[0]?.confidence ?? 0) > (upright[0]?.confidence ?? 0)
    ? { reading: readings[1], candidates: flipped }
    : { reading: readings[0]!, candidates: upright };
}

/**
 * catalog.match-spines: ranked candidates per spine and one suggestion per spine, solved for the
 * whole shelf. An ISBN read on a spine wins outright.
 */
export async function matchSpines(books: BookRepository, catalog: CatalogService, spines: Spine[]): Promise<MatchSpinesResult> {
  const isbnOf = spines.map((s) => findIsbns(s.texts.map((t) => t.text).join(' ')).map((i) => i.isbn13));
  const byIsbn = new Map((await books.byIsbn13s([...new Set(isbnOf.flat())])).map((b) => [b.isbn13!, b]));
  const scored: ScoredCandidate[][] = new Array(spines.length);
  const texts: string[] = new Array(spines.length).fill('');
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < spines.length) {
        const i = next++;
        const isbnHits = isbnOf[i]!.map((n) => byIsbn.get(n)).filter((b): b is BookRow => !!b);
        const { reading, candidates } = await scoreSpine(catalog, spines[i]!);
        texts[i] = reading?.text ?? '';
        const isbnCands = isbnHits.map((b) => ({ book: b, confidence: 0.99, features: null, matchedBy: 'isbn' as const }));
        scored[i] = [...isbnCands, ...candidates.filter((c) => !isbnHits.some((b) => b.id === c.book.id))];
      }
    }),
  );
  const assignment = assignShelf(
    spines.map((s, i) => ({ id: s.detectionId, text: texts[i]!, candidates: scored[i]!.map((c) => ({ bookId: c.book.id, confidence: c.confidence })) })),
    SUGGEST_AT,
  );
  return {
    spines: spines.map((s, i) => {
      const suggested = assignment.get(s.detectionId) ?? null;
      const ordered = [...scored[i]!].sort((a, b) => Number(b.book.id === suggested) - Number(a.book.id === suggested) || b.confidence - a.confidence);
      return {
        detectionId: s.detectionId,
        suggestedBookId: suggested,
        candidates: ordered.slice(0, 5).map((c) => ({ book: toBookSummary(c.book) as BookSummary, confidence: c.confidence, matchedBy: c.matchedBy })),
      };
    }),
  };
}
