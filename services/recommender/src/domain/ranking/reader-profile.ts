import type { ReadingStatus } from '@bookshelf/contracts';
import type { ProfileRows } from '../../data/profile-repository';

export interface LibraryEntry {
  bookId: string;
  status: ReadingStatus | null;
  rating: number | null;
  owned: boolean;
  strength: number;
}

/** Everything ranking knows about one reader. */
export interface ReaderProfile {
  userId: string;
  /** Books in the reader's library (any status): never recommended. */
  library: ReadonlyMap<string, LibraryEntry>;
  liked: ReadonlySet<string>;
  dismissed: ReadonlySet<string>;
  preferredGenres: readonly string[];
  genreWeights: Readonly<Record<string, number>>;
  /** Normalised author names (see nameKey). */
  blockedAuthors: ReadonlySet<string>;
}

export function emptyProfile(userId: string): ReaderProfile {
  return {
    userId,
    library: new Map(),
    liked: new Set(),
    dismissed: new Set(),
    preferredGenres: [],
    genreWeights: {},
    blockedAuthors: new Set(),
  };
}

/** Groups the rows of many readers into one profile each (readers without rows get an empty one). */
export function toProfiles(userIds: readonly string[], rows: ProfileRows): Map<string, ReaderProfile> {
  const library = new Map<string, Map<string, LibraryEntry>>();
  const liked = new Map<string, Set<string>>();
  const dismissed = new Map<string, Set<string>>();
  for (const r of rows.library) {
    const m = library.get(r.user_id) ?? new Map<string, LibraryEntry>();
    m.set(r.book_id, { bookId: r.book_id, status: r.status as ReadingStatus | null, rating: r.rating, owned: r.owned, strength: r.strength });
    library.set(r.user_id, m);
  }
  for (const f of rows.feedback) {
    const target = f.type === 'like' ? liked : dismissed;
    const s = target.get(f.user_id) ?? new Set<string>();
    s.add(f.book_id);
    target.set(f.user_id, s);
  }
  const readers = new Map(rows.readers.map((r) => [r.id, r]));
  const out = new Map<string, ReaderProfile>();
  for (const userId of userIds) {
    const r = readers.get(userId);
    out.set(userId, {
      userId,
      library: library.get(userId) ?? new Map(),
      liked: liked.get(userId) ?? new Set(),
      dismissed: dismissed.get(userId) ?? new Set(),
      preferredGenres: r?.preferred_genres ?? [],
      genreWeights: r?.genre_weights ?? {},
      blockedAuthors: new Set(r?.blocked_authors ?? []),
    });
  }
  return out;
}
