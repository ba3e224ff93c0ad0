import type { PrismaClient } from './prisma';
import { lockLiveReader } from './reader-lock';

/** Reader feedback on recommendations; the latest answer per book wins. */
export class FeedbackRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Null when the reader has been deleted. */
  record(userId: string, bookId: string, type: 'like' | 'dismiss'): Promise<{ updatedAt: Date } | null> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await lockLiveReader(tx, userId))) return null;
      const rows = await tx.$queryRawUnsafe<{ updated_at: Date }[]>(
        `INSERT INTO feedback (user_id, book_id, type) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, book_id) DO UPDATE SET type = EXCLUDED.type, updated_at = now()
         RETURNING updated_at`,
        userId,
        bookId,
        type,
      );
      return { updatedAt: rows[0]!.updated_at };
    });
  }
}
