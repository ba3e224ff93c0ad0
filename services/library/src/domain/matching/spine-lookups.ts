import type { JobPayload, MatchSpinesResult } from '@bookshelf/contracts';
import { findIsbns } from '../catalog/isbn';
import type { EnrichmentRequester } from '../catalog/enrichment-request';

type Spine = JobPayload<'catalog.match-spines'>['spines'][number];
type Lookup = Parameters<EnrichmentRequester>[0][number];

/** At most this many external lookups per scan: a shelf of unknown books must not flood the source. */
export const MAX_SPINE_LOOKUPS = 20;

/**
 * Spines the catalogue could not match confidently, as external lookups: by an ISBN read on the
 * spine, else by its two longest readings taken as title and author (a wrong split finds nothing
 * confident, so it costs a lookup, never a wrong book).
 */
export function unmatchedSpineLookups(spines: Spine[], result: MatchSpinesResult): Lookup[] {
  const unmatched = new Set(result.spines.filter((s) => s.suggestedBookId === null).map((s) => s.detectionId));
  const out: Lookup[] = [];
  for (const spine of spines) {
    if (!unmatched.has(spine.detectionId) || out.length >= MAX_SPINE_LOOKUPS) continue;
    const texts = spine.texts.map((t) => t.text.trim()).filter((t) => t.length >= 2);
    const isbn = findIsbns(texts.join(' '))[0];
    if (isbn) {
      out.push({ isbn13: isbn.isbn13, reason: 'scan' });
      continue;
    }
    const [title, author] = [...texts].sort((a, b) => b.length - a.length);
    if (title && author) out.push({ title, author, reason: 'scan' });
  }
  return out;
}
