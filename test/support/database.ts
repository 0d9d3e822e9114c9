/**
 * A fresh PostgreSQL database per test file (created, migrated, dropped), so files run in
 * parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/client.ts';
import { testLogger } from './logger.ts';
import { testDatabaseUrl } from './services.ts';

/** A migrated, empty database that belongs to one test file. */
export interface TestDatabase {
  url: string;
  name: string;
  handle: DatabaseHandle;
  /** Closes the handle and drops the database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (not migrated) and returns its URL and a drop function. */
export async function createEmptyDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `ilm_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  return {
    url: withDatabase(testDatabaseUrl, name),
    name,
    drop: () =>
      admin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/** Creates and migrates a database for this test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  const handle = await openDatabase({ url: empty.url, dataDir: '/nonexistent', logger: testLogger });
  await handle.migrate();
  return {
    url: empty.url,
    name: empty.name,
    handle,
    async drop() {
      await handle.close();
      await empty.drop();
    },
  };
}
