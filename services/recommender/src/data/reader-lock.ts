import type { Tx } from './prisma';

/**
 * Takes the reader's row lock (creating the row on first sight) and says whether the
 * reader is live. Every write about a reader goes through it, so a write and the
 * reader's deletion never interleave, and nothing is written after the tombstone.
 */
export async function lockLiveReader(tx: Tx, userId: string): Promise<boolean> {
  await tx.$executeRawUnsafe(`INSERT INTO users (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, userId);
  const rows = await tx.$queryRawUnsafe<{ deleted: boolean }[]>(
    `SELECT deleted_at IS NOT NULL AS deleted FROM users WHERE id = $1 FOR UPDATE`,
    userId,
  );
  return rows[0]?.deleted === false;
}
