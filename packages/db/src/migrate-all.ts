import { ensureDatabase } from './database';
import { migrate } from './migrate';
import { migrationsDir, servicesWithMigrations } from './services';

/** Creates the database if needed and brings every service schema up to date. */
export async function migrateAll(url: string, log: (msg: string) => void = () => undefined): Promise<void> {
  if (await ensureDatabase(url)) log(`created database ${new URL(url).pathname.slice(1)}`);
  for (const { service, schema } of servicesWithMigrations()) {
    await migrate({ url, schema, dir: migrationsDir(service), log });
  }
}
