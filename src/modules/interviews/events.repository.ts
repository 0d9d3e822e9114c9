/**
 * The session timeline: appending events with server-assigned, gap-free `seq` numbers and
 * idempotent client retries, and reading them back for replay. The session row is the lock: a
 * writer locks it, numbers its events from `last_event_seq` and stores the new value in the same
 * transaction, so concurrent writers of one session are serialized and a rollback leaves no gap.
 */
import { and, asc, eq, gt, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import type { EventOrigin } from '../../platform/db/schema/enums.ts';
import { interviewSessions, sessionEvents } from '../../platform/db/schema/index.ts';
import type { JsonObject } from '../../platform/db/schema/types.ts';

/** A transaction or the database: every writer here runs inside a caller's transaction. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** An event to store; `clientSeq` makes a client's retry a no-op. */
export interface EventInput {
  type: string;
  origin: EventOrigin;
  data: JsonObject;
  questionId?: string | null | undefined;
  filePath?: string | null | undefined;
  ts?: Date | undefined;
  clientSeq?: number | undefined;
}

/** What an append did: the seq of each input (null for a duplicate), and the session's last seq. */
export interface AppendResult {
  seqs: Array<number | null>;
  lastSeq: number;
  duplicates: number;
}

/** Locks the session row for the rest of the transaction; resolves with its last seq. */
export async function lockSessionTimeline(tx: Tx, sessionId: string): Promise<number> {
  const [row] = await tx
    .select({ lastEventSeq: interviewSessions.lastEventSeq })
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId))
    .for('update');
  if (!row) throw new Error(`session ${sessionId} does not exist`);
  return row.lastEventSeq;
}

/**
 * Appends `events` in order. Must run in a transaction; locks the session row itself (locking
 * twice in one transaction is harmless). Client sequence numbers already stored, or repeated
 * within the batch, are skipped.
 */
export async function appendEvents(
  tx: Tx,
  sessionId: string,
  events: readonly EventInput[],
  now: Date = new Date(),
): Promise<AppendResult> {
  const last = await lockSessionTimeline(tx, sessionId);
  const clientSeqs = events.flatMap((event) => (event.clientSeq === undefined ? [] : [event.clientSeq]));
  const known = new Set<number>();
  if (clientSeqs.length > 0) {
    const rows = await tx
      .select({ clientSeq: sessionEvents.clientSeq })
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, sessionId), inArray(sessionEvents.clientSeq, clientSeqs)));
    for (const row of rows) if (row.clientSeq !== null) known.add(row.clientSeq);
  }
  let next = last;
  const seqs: Array<number | null> = [];
  const rows: Array<typeof sessionEvents.$inferInsert> = [];
  for (const event of events) {
    if (event.clientSeq !== undefined) {
      if (known.has(event.clientSeq)) {
        seqs.push(null);
        continue;
      }
      known.add(event.clientSeq);
    }
    next += 1;
    seqs.push(next);
    rows.push({
      sessionId,
      seq: next,
      clientSeq: event.clientSeq ?? null,
      ts: event.ts ?? now,
      type: event.type,
      origin: event.origin,
      questionId: event.questionId ?? null,
      filePath: event.filePath ?? null,
      data: event.data,
    });
  }
  if (rows.length > 0) {
    await tx.insert(sessionEvents).values(rows);
    await tx
      .update(interviewSessions)
      .set({ lastEventSeq: next, lastActivityAt: now })
      .where(eq(interviewSessions.id, sessionId));
  }
  return { seqs, lastSeq: next, duplicates: events.length - rows.length };
}

/** Which events to read. */
export interface EventQuery {
  fromSeq?: number | undefined;
  toSeq?: number | undefined;
  types?: string[] | undefined;
  /** Exclusive: events after this seq (paging cursor). */
  afterSeq?: number | undefined;
  limit: number;
}

/** Events of a session in seq order. */
export async function listEvents(db: Database, sessionId: string, query: EventQuery) {
  const conditions: SQL[] = [eq(sessionEvents.sessionId, sessionId)];
  if (query.fromSeq !== undefined) conditions.push(gte(sessionEvents.seq, query.fromSeq));
  if (query.toSeq !== undefined) conditions.push(lte(sessionEvents.seq, query.toSeq));
  if (query.afterSeq !== undefined) conditions.push(gt(sessionEvents.seq, query.afterSeq));
  if (query.types && query.types.length > 0) conditions.push(inArray(sessionEvents.type, query.types));
  return db
    .select({
      seq: sessionEvents.seq,
      clientSeq: sessionEvents.clientSeq,
      ts: sessionEvents.ts,
      type: sessionEvents.type,
      origin: sessionEvents.origin,
      questionId: sessionEvents.questionId,
      filePath: sessionEvents.filePath,
      data: sessionEvents.data,
    })
    .from(sessionEvents)
    .where(and(...conditions))
    .orderBy(asc(sessionEvents.seq))
    .limit(query.limit);
}
