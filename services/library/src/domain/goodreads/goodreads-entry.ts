import type { ReadingStatus } from '@bookshelf/contracts';
import { parseIsbn } from '../catalog/isbn';
import { splitAuthors, titleParts, type TitleParts } from '../catalog/title-parts';
import { normaliseShelves, type EntryChanges } from '../library/entry-changes';
import type { GoodreadsRecord } from './goodreads-csv';

/** One row of a Goodreads export, read into what the library keeps. */
export interface GoodreadsEntry {
  row: number;
  bookRef: string | null;
  rawTitle: string;
  title: TitleParts;
  authors: string[];
  isbn10: string | null;
  isbn13: string | null;
  addedOn: string | null;
  changes: EntryChanges;
}

const STANDARD_EXCLUSIVE: Record<string, ReadingStatus> = { read: 'read', 'currently-reading': 'reading', 'to-read': 'want_to_read' };
const CUSTOM_EXCLUSIVE: [RegExp, ReadingStatus][] = [
  [/^(did-?not-?finish|dnf|abandoned|gave-?up|quit|unfinished)$/, 'did_not_finish'],
  [/^(paused|on-?hold|on-?pause|hiatus)$/, 'paused'],
];

export function statusOfShelf(shelf: string): { status: ReadingStatus; custom: boolean } {
  const s = shelf.trim().toLowerCase().replace(/\s+/g, '-');
  if (STANDARD_EXCLUSIVE[s]) return { status: STANDARD_EXCLUSIVE[s], custom: false };
  for (const [re, status] of CUSTOM_EXCLUSIVE) if (re.test(s)) return { status, custom: false };
  return { status: 'want_to_read', custom: s !== '' };
}

/** "2023/05/01" (or 2023-05-01) → "2023-05-01" when it is a real date. */
export function goodreadsDate(raw: string | undefined): string | null {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec((raw ?? '').trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

function rating(raw: string | undefined): number | null {
  const n = Number.parseFloat((raw ?? '').trim());
  if (!Number.isFinite(n) || n <= 0) return null; // 0 means "not rated"
  return Math.min(5, Math.max(0.5, Math.round(n * 2) / 2));
}

function count(raw: string | undefined): number {
  const n = Number.parseInt((raw ?? '').trim(), 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1_000) : 0;
}

/** Reviews come with HTML line breaks; the library stores plain newlines. */
export function reviewText(raw: string | undefined): string | null {
  const s = (raw ?? '').replace(/<br\s*\/?>/gi, '\n').replace(/\r\n/g, '\n').trim();
  return s === '' ? null : s;
}

export function goodreadsEntry(rec: GoodreadsRecord, row: number): GoodreadsEntry | { row: number; invalid: string } {
  const rawTitle = (rec.title ?? '').trim();
  // Each column on its own, so the match can say which one it used.
  const isbn13 = parseIsbn(rec.isbn13)?.isbn13 ?? null;
  const isbn10 = parseIsbn(rec.isbn)?.isbn10 ?? null;
  if (!rawTitle && !isbn13 && !isbn10) return { row, invalid: 'no title and no ISBN' };
  const exclusive = (rec.exclusiveshelf ?? '').trim();
  const { status, custom } = statusOfShelf(exclusive);
  const exclusiveKey = exclusive.toLowerCase();
  const shelves = normaliseShelves(
    [...(rec.bookshelves ?? '').split(','), ...(custom ? [exclusive] : [])]
      .map((s) => s.trim())
      .filter((s) => s && (s.toLowerCase() !== exclusiveKey || custom) && !STANDARD_EXCLUSIVE[s.toLowerCase()]),
  );
  const review = reviewText(rec.myreview);
  const changes: EntryChanges = {
    status,
    rating: rating(rec.myrating),
    review,
    reviewSpoiler: review !== null && /^(true|yes|1)$/i.test((rec.spoiler ?? '').trim()),
    privateNotes: reviewText(rec.privatenotes),
    shelves,
    finishedOn: goodreadsDate(rec.dateread),
    readCount: count(rec.readcount),
    owned: count(rec.ownedcopies) > 0,
  };
  const bookRef = (rec.bookid ?? '').trim();
  return {
    row,
    bookRef: /^(\d{1,12}|bk_[0-9A-HJKMNP-TV-Z]{26})$/.test(bookRef) ? bookRef : null,
    rawTitle,
    title: titleParts(rawTitle),
    authors: [...splitAuthors(rec.author ?? ''), ...splitAuthors(rec.additionalauthors ?? '')],
    isbn10,
    isbn13,
    addedOn: goodreadsDate(rec.dateadded),
    changes,
  };
}
