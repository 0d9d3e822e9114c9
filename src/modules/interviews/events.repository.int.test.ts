/**
 * The append statements on both drivers (PostgreSQL, and PGlite for `npm start` without a
 * DATABASE_URL): gap-free numbering, idempotent client retries (in a batch, across batches and
 * concurrently), the client checks (closed session, clamped time, current question), several
 * sessions' batches in one statement (group commit: one closed session fails only its own batch;
 * groups locking the same sessions in any order do not deadlock), and the named prepared statements
 * reused across calls on one pooled connection and inside transactions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { createTestSession } from '../../../test/support/sessions.ts';
import type { Database } from '../../platform/db/client.ts';
import { type DatabaseHandle, openDatabase } from '../../platform/db/client.ts';
import { interviewSessions, sessionEvents } from '../../platform/db/schema/index.ts';
import {
  type AppendResult,
  appendClientBatches,
  appendEvents,
  type EventInput,
  SESSION_LOCKED,
  SessionClosedError,
} from './events.repository.ts';

const graceMs = 10 * 60_000;

/** One candidate batch, alone in its statement; throws the SessionClosedError it may get. */
async function appendClient(db: Database, sessionId: string, events: EventInput[], now = new Date()) {
  const [outcome] = await appendClientBatches(db, [{ sessionId, events }], now, graceMs);
  if (outcome instanceof SessionClosedError) throw outcome;
  return outcome as AppendResult;
}

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
])('appendEvents on %s', (driver, handle) => {
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
    const first = await appendClient(db, session.sessionId, [typing(1), typing(2), typing(2), typing(3)]);
    expect(first).toEqual({ seqs: [1, 2, null, 3], lastSeq: 3, duplicates: 1 });
    // The retry of a batch whose answer was lost, plus new events.
    const retry = await appendClient(db, session.sessionId, [typing(2), typing(3), typing(4)]);
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
      appendClient(db, session.sessionId, batch),
      appendClient(db, session.sessionId, batch),
      appendClient(db, session.sessionId, other),
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
    await appendClient(db, session.sessionId, [typing(1, future)], now);
    const [row] = await storedEvents(session.sessionId);
    expect(row?.ts.getTime()).toBe(now.getTime());
    expect(row?.questionId).toBe(session.questionId);

    await db
      .update(interviewSessions)
      .set({ status: 'completed', completedAt: new Date(now.getTime() - 11 * 60_000) })
      .where(eq(interviewSessions.id, session.sessionId));
    await expect(appendClient(db, session.sessionId, [typing(2)], now)).rejects.toBeInstanceOf(
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

  it('stores several sessions in one statement, each checked and numbered on its own', async () => {
    const { db } = handle();
    const [open, closed, other] = await Promise.all([
      createTestSession(db),
      createTestSession(db),
      createTestSession(db),
    ]);
    const now = new Date();
    await appendClient(db, other.sessionId, [typing(1)], now);
    await db
      .update(interviewSessions)
      .set({ status: 'completed', completedAt: new Date(now.getTime() - 11 * 60_000) })
      .where(eq(interviewSessions.id, closed.sessionId));
    const future = new Date(now.getTime() + 3_600_000);
    const outcomes = await appendClientBatches(
      db,
      [
        { sessionId: open.sessionId, events: [typing(1, future), typing(2), typing(2)] },
        { sessionId: closed.sessionId, events: [typing(1)] },
        { sessionId: other.sessionId, events: [typing(1), typing(2)] },
      ],
      now,
      graceMs,
    );
    expect(outcomes[0]).toEqual({ seqs: [1, 2, null], lastSeq: 2, duplicates: 1 });
    expect(outcomes[1]).toBeInstanceOf(SessionClosedError);
    expect(outcomes[2]).toEqual({ seqs: [null, 2], lastSeq: 2, duplicates: 1 });
    const rows = await storedEvents(open.sessionId);
    expect(rows.map((row) => [row.seq, row.ts.getTime(), row.questionId])).toEqual([
      [1, now.getTime(), open.questionId],
      [2, rows[1]?.ts.getTime(), open.questionId],
    ]);
    expect(await storedEvents(closed.sessionId)).toEqual([]);
    await expect(
      appendClientBatches(
        db,
        [
          { sessionId: open.sessionId, events: [typing(3)] },
          { sessionId: open.sessionId, events: [typing(4)] },
        ],
        now,
        graceMs,
      ),
    ).rejects.toThrow('one batch per session');
  });

  it('runs groups that share sessions, listed in any order, without a deadlock or a gap', async () => {
    const { db } = handle();
    const sessions = await Promise.all([createTestSession(db), createTestSession(db), createTestSession(db)]);
    const ids = sessions.map((session) => session.sessionId);
    let clientSeq = 0;
    const batchOf = (sessionId: string) => ({
      sessionId,
      events: [typing(++clientSeq), typing(++clientSeq)],
    });
    const groups = Array.from({ length: 12 }, (_, index) =>
      (index % 2 === 0 ? ids : [...ids].reverse()).map(batchOf),
    );
    const outcomes = (
      await Promise.all(groups.map((group) => appendClientBatches(db, group, new Date(), graceMs)))
    ).flat();
    expect(outcomes.filter((outcome) => outcome instanceof SessionClosedError)).toEqual([]);
    for (const sessionId of ids) {
      const rows = await storedEvents(sessionId);
      expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
    }
  });

  // PGlite has one connection: a statement waits for any open transaction, so nothing is ever skipped.
  it.skipIf(driver === 'PGlite')(
    'with skipLocked, passes over a session another transaction holds and stores the rest',
    async () => {
      const { db } = handle();
      const [held, free] = await Promise.all([createTestSession(db), createTestSession(db)]);
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding = () => {};
      const held$ = new Promise<void>((resolve) => {
        holding = resolve;
      });
      // A file save in progress: the session row locked in a transaction that stays open.
      const saving = db.transaction(async (tx) => {
        await appendEvents(tx, held.sessionId, [{ type: 'file.changed', origin: 'candidate', data: {} }]);
        holding();
        await released;
      });
      await held$;
      const outcomes = await appendClientBatches(
        db,
        [
          { sessionId: held.sessionId, events: [typing(1)] },
          { sessionId: free.sessionId, events: [typing(1)] },
        ],
        new Date(),
        graceMs,
        { skipLocked: true },
      );
      expect(outcomes[0]).toBe(SESSION_LOCKED);
      expect(outcomes[1]).toEqual({ seqs: [1], lastSeq: 1, duplicates: 0 });
      release();
      await saving;
      // Written alone afterwards, it is numbered after the save.
      await expect(appendClient(db, held.sessionId, [typing(1)])).resolves.toEqual({
        seqs: [2],
        lastSeq: 2,
        duplicates: 0,
      });
    },
  );
});
