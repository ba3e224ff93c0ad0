import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export const SCHEMA = 'library';

export function createPrisma(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: SCHEMA }) });
}
export type { PrismaClient };

/** What repositories need from a client or an interactive transaction. */
export interface Sql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Transaction options for bulk work (imports): longer than Prisma's 5 s default. */
export const LONG_TX = { maxWait: 10_000, timeout: 120_000 } as const;
