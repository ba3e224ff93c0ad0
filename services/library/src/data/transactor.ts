import { LONG_TX, type PrismaClient, type Sql } from './prisma';

/** Runs work in one database transaction; the domain sees only the Sql surface. */
export type Transact = <T>(work: (tx: Sql) => Promise<T>, opts?: { long?: boolean }) => Promise<T>;

export function transactor(prisma: PrismaClient): Transact {
  return (work, opts) => prisma.$transaction((tx) => work(tx), opts?.long ? LONG_TX : undefined);
}
