import type { AddUserBook, ReadingStatus, UserBookPatch, Visibility } from '@bookshelf/contracts';

/** A change to a library entry, field by field: absent = unchanged, null = cleared. */
export interface EntryChanges {
  status?: ReadingStatus | null;
  rating?: number | null;
  review?: string | null;
  reviewSpoiler?: boolean;
  privateNotes?: string | null;
  shelves?: string[];
  progressPage?: number | null;
  progressPercent?: number | null;
  startedOn?: string | null;
  finishedOn?: string | null;
  readCount?: number;
  owned?: boolean;
  locationShelf?: string | null;
  locationPosition?: number | null;
  loanedTo?: string | null;
  loanedSince?: string | null;
  visibility?: Visibility | null;
}

/** Shelf names: trimmed, inner whitespace collapsed, first spelling wins among case variants. */
export function normaliseShelves(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ').slice(0, 100);
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** API fields → entry changes. A loan without a date started today. */
export function changesFromPatch(p: UserBookPatch | AddUserBook, today = todayUtc()): EntryChanges {
  const c: EntryChanges = {};
  if (p.status !== undefined) c.status = p.status;
  if (p.rating !== undefined) c.rating = p.rating;
  if (p.review !== undefined) c.review = p.review === null || p.review.trim() === '' ? null : p.review;
  if (p.reviewSpoiler !== undefined) c.reviewSpoiler = p.reviewSpoiler;
  if (p.privateNotes !== undefined) c.privateNotes = p.privateNotes === null || p.privateNotes.trim() === '' ? null : p.privateNotes;
  if (p.shelves !== undefined) c.shelves = normaliseShelves(p.shelves);
  if (p.progress !== undefined) {
    if (p.progress === null) {
      c.progressPage = null;
      c.progressPercent = null;
    } else {
      if (p.progress.page !== undefined) c.progressPage = p.progress.page;
      if (p.progress.percent !== undefined) c.progressPercent = p.progress.percent;
    }
  }
  if (p.startedOn !== undefined) c.startedOn = p.startedOn;
  if (p.finishedOn !== undefined) c.finishedOn = p.finishedOn;
  if (p.readCount !== undefined) c.readCount = p.readCount;
  if (p.owned !== undefined) c.owned = p.owned;
  if (p.location !== undefined) {
    c.locationShelf = p.location?.shelf ?? null;
    c.locationPosition = p.location?.position ?? null;
  }
  if (p.loan !== undefined) {
    c.loanedTo = p.loan?.to ?? null;
    c.loanedSince = p.loan ? (p.loan.since ?? today) : null;
  }
  if (p.visibility !== undefined) c.visibility = p.visibility;
  return c;
}
