import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { openDatabase, selectRows } from './client.ts';
import { organizations } from './schema/index.ts';

/** Every table the product's data model needs (PRODUCT.md), as created by the migrations. */
const expectedTables = [
  'organizations',
  'users',
  'memberships',
  'member_invitations',
  'api_keys',
  'login_sessions',
  'password_reset_tokens',
  'assessments',
  'assessment_seeds',
  'problem_seeds',
  'questions',
  'test_cases',
  'candidates',
  'candidate_status_history',
  'candidate_invitations',
  'interview_sessions',
  'session_questions',
  'session_events',
  'file_snapshots',
  'workspace_files',
  'test_runs',
  'test_results',
  'ai_interactions',
  'evaluations',
  'agent_states',
  'dead_letter_jobs',
  'alert_channels',
  'alert_deliveries',
  'credit_ledger_entries',
  'webhook_events',
  'llm_calls',
  'outbox_jobs',
  'audit_logs',
  'outbound_emails',
  'metrics_samples',
  'report_share_links',
];

const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function tablesOf(handle: Awaited<ReturnType<typeof openDatabase>>): Promise<string[]> {
  const rows = await selectRows<{ table_name: string }>(
    handle.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe('PostgreSQL', () => {
  it('applies the migrations once, even when several processes start together', async () => {
    const empty = await createEmptyDatabase();
    const handles = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ url: empty.url, dataDir: '/nonexistent', logger: testLogger })),
    );
    drops.push(async () => {
      await Promise.all(handles.map((handle) => handle.close()));
      await empty.drop();
    });
    await Promise.all(handles.map((handle) => handle.migrate()));
    const [first] = handles;
    if (!first) throw new Error('no handle');
    expect(await tablesOf(first)).toEqual(expect.arrayContaining(expectedTables));
    const applied = await selectRows<{ n: number }>(
      first.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied[0]?.n).toBe(1);
    await first.migrate();
    expect(typeof (await first.ping())).toBe('number');
  });
});

describe('embedded PGlite', () => {
  it('runs the same migrations and repository code, and keeps data across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ilm-pglite-'));
    const handle = await openDatabase({ url: undefined, dataDir, logger: testLogger });
    expect(handle.kind).toBe('pglite');
    await handle.migrate();
    expect(await tablesOf(handle)).toEqual(expect.arrayContaining(expectedTables));
    await handle.db.insert(organizations).values({ name: 'Acme', slug: 'acme' });
    await handle.close();

    const reopened = await openDatabase({ url: undefined, dataDir, logger: testLogger });
    await reopened.migrate();
    const rows = await reopened.db.select({ slug: organizations.slug }).from(organizations);
    expect(rows).toEqual([{ slug: 'acme' }]);
    await reopened.close();
  });

  it('refuses a second process on the same files with a message saying what to do', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ilm-pglite-'));
    // Simulate another live process owning the database: our parent is alive and is not us.
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'pglite.lock'), `${process.ppid}\n`);
    await expect(openDatabase({ url: undefined, dataDir, logger: testLogger })).rejects.toThrow(
      new RegExp(`in use by process ${process.ppid}.*set DATABASE_URL`),
    );
  });
});
