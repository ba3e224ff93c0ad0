import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from '@bookshelf/db';

let counter = 0;

/** A database of this test's own, cloned from the migrated template in milliseconds. */
export async function freshDatabase(): Promise<string> {
  const template = inject('templateDatabaseUrl');
  const runId = inject('runId');
  const name = `bookshelf_test_${runId}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 6)}`;
  const templateName = new URL(template).pathname.slice(1);
  const client = new pg.Client({ connectionString: withDatabase(template, 'postgres') });
  await client.connect();
  try {
    // CREATE DATABASE … TEMPLATE fails if another session is copying the template at the same moment.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await client.end();
  }
  return withDatabase(template, name);
}

/** A queue prefix of this test's own (hash-tagged like production ones). */
export function freshQueuePrefix(): string {
  return `{t${inject('runId')}_${process.pid}_${++counter}}`;
}
