import { PrismaPg } from '@prisma/adapter-pg';
import type { createPool } from '@bookshelf/db';
import { PrismaClient } from './generated/prisma/client';

export const SCHEMA = 'recs';

export type Pool = ReturnType<typeof createPool>;

export function createPrisma(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: SCHEMA }) });
}
export type { PrismaClient };

/** A Prisma interactive-transaction client. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
