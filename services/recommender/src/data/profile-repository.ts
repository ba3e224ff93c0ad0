import type { PrismaClient } from './prisma';

export interface ReaderRow {
  id: string;
  preferred_genres: string[];
  genre_weights: Record<string, number>;
  blocked_authors: string[];
  language: string | null;
}

export interface LibraryRow {
  user_id: string;
  book_id: string;
  status: string | null;
  rating: number | null;
  owned: boolean;
  strength: number;
}

export interface FeedbackRow {
  user_id: string;
  book_id: string;
  type: 'like' | 'dismiss';
}

export interface ProfileRows {
  readers: ReaderRow[];
  library: LibraryRow[];
  feedback: FeedbackRow[];
}

/** What ranking needs to know about readers, read for many readers at once. */
export class ProfileRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async load(userIds: string[]): Promise<ProfileRows> {
    const [readers, library, feedback] = await Promise.all([
      this.prisma.$queryRawUnsafe<ReaderRow[]>(
        `SELECT id, preferred_genres, genre_weights, blocked_authors, language
           FROM users WHERE id = ANY($1::text[]) AND deleted_at IS NULL`,
        userIds,
      ),
      this.prisma.$queryRawUnsafe<LibraryRow[]>(
        `SELECT user_id, book_id, status, rating, owned, strength
           FROM interactions WHERE user_id = ANY($1::text[]) AND NOT removed
          ORDER BY user_id, book_id`,
        userIds,
      ),
      this.prisma.$queryRawUnsafe<FeedbackRow[]>(
        `SELECT user_id, book_id, type FROM feedback WHERE user_id = ANY($1::text[]) ORDER BY user_id, book_id`,
        userIds,
      ),
    ]);
    return { readers, library, feedback };
  }
}
