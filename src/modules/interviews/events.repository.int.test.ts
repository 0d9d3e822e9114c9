/**
 * The append statement on both drivers (PostgreSQL, and PGlite for `npm start` without a
 * DATABASE_URL): gap-free numbering, idempotent client retries (in a batch, across batches and
 * concurrently), the client checks (closed session, clamped time, current question), and the
 * named prepared statement reused across calls on one pooled connection and inside transactions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { createTestSession } from '../../../test/support/sessions.ts';
import { type DatabaseHandle, openDatabase } from '../../platform/db/client.ts';
import { interviewSessions, sessionEvents } from '../../platform/db/schema/index.ts';
import { appendEvents, type EventInput, SessionClosedError } from './events.repository.ts';

const client = { endedGraceMs: 10 * 60_000 };

function typing(clientSeq: number, ts?: Date): EventInput {
  return { type: 'editor.typing', origin: 'candidate', data: { chars: clientSeq }, clientSeq, ts };
}

let postgres: TestDatabase;
let pglite: DatabaseHandle;
let pgliteDir: string;

beforeAll(async () => {
  postgres = await createTestDatabase();
  pgliteDir = mkdtempSync(path.join(tmpdir(), 'ilm-events-'));
  pglite = await openDatabase({ url: undefined, dataDir: pgliteDir, logger: testLogger });
  await pglite.migrate();
}, 180_000);

afterAll(async () => {
  await postgres?.drop();
  await pglite?.close();
  rmSync(pgliteDir, { recursive: true, force: true });
});

describe.each([
  ['PostgreSQL', () => postgres.handle],
  ['PGlite', () => pglite],
])('appendEvents on %s', (_driver, handle) => {
  async function storedEvents(sessionId: string) {
    return handle()
      .db.select({
        seq: sessionEvents.seq,
        clientSeq: sessionEvents.clientSeq,
        ts: sessionEvents.ts,
        questionId: sessionEvents.questionId,
      })
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, sessionId))
      .orderBy(asc(sessionEvents.seq));
  }

  it('numbers events gap-free and drops client retries, within a batch and across batches', async () => {
    const { db } = handle();
    const session = await createTestSession(db);
    const first = await appendEvents(
      db,
      session.sessionId,
      [typing(1), typing(2), typing(2), typing(3)],
      new Date(),
      { client },
    );
    expect(first).toEqual({ seqs: [1, 2, null, 3], lastSeq: 3, duplicates: 1 });
    // The retry of a batch whose answer was lost, plus new events.
    const retry = await appendEvents(db, session.sessionId, [typing(2), typing(3), typing(4)], new Date(), {
      client,
    });
    expect(retry).toEqual({ seqs: [null, null, 4], lastSeq: 4, duplicates: 2 });
    const rows = await storedEvents(session.sessionId);
    expect(rows.map((row) => [row.seq, row.clientSeq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    const [sessionRow] = await db
      .select({ lastEventSeq: interviewSessions.lastEventSeq })
      .from(interviewSessions)
      .where(eq(interviewSessions.id, session.sessionId));
    expect(sessionRow?.lastEventSeq).toBe(4);
  });

  it('stores a batch once when its retry races it, and keeps seqs gap-free under concurrent writers', async () => {
    const { db } = handle();
    const session = await createTestSession(db);
    const batch = [typing(1), typing(2), typing(3)];
    const other = [typing(10), typing(11)];
    const results = await Promise.all([
      appendEvents(db, session.sessionId, batch, new Date(), { client }),
      appendEvents(db, session.sessionId, batch, new Date(), { client }),
      appendEvents(db, session.sessionId, other, new Date(), { client }),
      // A server event (no clientSeq) in a transaction of its own, like a file change.
      db.transaction((tx) =>
        appendEvents(tx, session.sessionId, [{ type: 'file.changed', origin: 'candidate', data: {} }]),
      ),
    ]);
    const stored = results.flatMap((result) => result.seqs.filter((seq) => seq !== null));
    expect(stored).toHaveLength(6);
    const rows = await storedEvents(session.sessionId);
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((row) => row.clientSeq).sort()).toEqual([1, 10, 11, 2, 3, null].sort());
  });

  it('refuses client events for a closed session, clamps client times and fills in the current question', async () => {
    const { db } = handle();
    const session = await createTestSession(db);
    const now = new Date();
    const future = new Date(now.getTime() + 3_600_000);
    await appendEvents(db, session.sessionId, [typing(1, future)], now, { client });
    const [row] = await storedEvents(session.sessionId);
    expect(row?.ts.getTime()).toBe(now.getTime());
    expect(row?.questionId).toBe(session.questionId);

    await db
      .update(interviewSessions)
      .set({ status: 'completed', completedAt: new Date(now.getTime() - 11 * 60_000) })
      .where(eq(interviewSessions.id, session.sessionId));
    await expect(appendEvents(db, session.sessionId, [typing(2)], now, { client })).rejects.toBeInstanceOf(
      SessionClosedError,
    );
    // Server events (agent decisions, evaluation notes) are still recorded after the end.
    const server = await appendEvents(
      db,
      session.sessionId,
      [{ type: 'agent.decision', origin: 'system', data: {} }],
      now,
    );
    expect(server.seqs).toEqual([2]);
  });
});
