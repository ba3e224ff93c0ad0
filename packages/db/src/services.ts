import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Each service that owns data, with the Postgres schema it owns. */
export const SERVICE_SCHEMAS = [
  { service: 'users', schema: 'users' },
  { service: 'library', schema: 'library' },
  { service: 'scan', schema: 'scan' },
  { service: 'recommender', schema: 'recs' },
] as const;

export function migrationsDir(service: string): string {
  return join(REPO_ROOT, 'services', service, 'prisma', 'migrations');
}

export function servicesWithMigrations() {
  return SERVICE_SCHEMAS.filter((s) => existsSync(migrationsDir(s.service)));
}
