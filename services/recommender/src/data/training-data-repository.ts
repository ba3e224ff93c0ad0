import type { PrismaClient } from './prisma';

export interface TrainingTriple {
  user_id: string;
  book_id: string;
  weight: number;
}

/** The implicit-feedback matrix and the readers a training run writes lists for. */
export class TrainingDataRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Positive signals of live readers: library strength, or a like's weight if stronger. */
  positives(likeWeight: number): Promise<TrainingTriple[]> {
    return this.prisma.$queryRawUnsafe<TrainingTriple[]>(
      `SELECT x.user_id, x.book_id, max(x.w)::float8 AS weight
         FROM (SELECT user_id, book_id, strength AS w FROM interactions WHERE strength > 0 AND NOT removed
               UNION ALL
               SELECT user_id, book_id, $1::float8 FROM feedback WHERE type = 'like') x
         JOIN users u ON u.id = x.user_id AND u.deleted_at IS NULL
        GROUP BY x.user_id, x.book_id
        ORDER BY x.user_id, x.book_id`,
      likeWeight,
    );
  }

  async liveReaderIds(): Promise<string[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM users WHERE deleted_at IS NULL ORDER BY id`,
    );
    return rows.map((r) => r.id);
  }
}
