import { migrateAll } from './migrate-all';

// `pnpm db:migrate`: the only entry point that reads the environment in this package.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bookshelf';
migrateAll(url, (m) => console.log(m))
  .then(() => console.log('migrations up to date'))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
