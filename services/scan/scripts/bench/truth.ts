import { readFile } from 'node:fs/promises';

export interface TruthBook {
  readonly title: string;
  readonly author: string | null;
  readonly order: number;
  /** The exact catalogue book, when known (synthetic shelves); otherwise looked up by title and author. */
  readonly goodreadsId?: number;
}

export interface PhotoTruth {
  readonly image: string;
  readonly spinesVisible: number;
  readonly books: readonly TruthBook[];
  /**
   * Titles the truth's notes quote as legible but outside the counted spines (a neighbouring
   * bookcase, a cover seen face-on): proposing one of them is neither right nor wrong.
   */
  readonly alsoVisible: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export async function loadTruth(file: string): Promise<Map<string, PhotoTruth>> {
  const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
  const out = new Map<string, PhotoTruth>();
  if (!Array.isArray(raw)) return out;
  for (const e of raw) {
    if (!isRecord(e) || typeof e.image !== 'string') continue;
    const books: TruthBook[] = [];
    if (Array.isArray(e.books)) {
      for (const b of e.books) {
        if (!isRecord(b) || typeof b.title !== 'string') continue;
        books.push({ title: b.title, author: typeof b.author === 'string' ? b.author : null, order: typeof b.order === 'number' ? b.order : 0 });
      }
    }
    const notes = typeof e.notes === 'string' ? e.notes : '';
    const alsoVisible = [...notes.matchAll(/'([^']{3,80})'/g)].map((m) => m[1] ?? '').filter(Boolean);
    out.set(e.image, { image: e.image, spinesVisible: typeof e.spines_visible === 'number' ? e.spines_visible : 0, books, alsoVisible });
  }
  return out;
}
