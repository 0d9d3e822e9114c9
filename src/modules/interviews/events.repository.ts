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

/**
 * Client batches: the session must be active (or have ended less than `endedGraceMs` ago), a
 * client time outside [session start, now + 5 s] becomes the server's time, and an event without a
 * question belongs to the current one. Checked in the same statement, under the row lock.
 */
export interface AppendOptions {
  client?: { endedGraceMs: number };
}

/** Thrown when a client batch arrives for a session that has ended (or does not exist). */
export class SessionClosedError extends Error {
  constructor(sessionId: string) {
    super(`session ${sessionId} is not accepting client events`);
    this.name = 'SessionClosedError';
  }
}

/** What an append did: the seq of each input (null for a duplicate), and the session's last seq. */
export interface AppendResult {
  seqs: Array<number | null>;
  lastSeq: number;
  duplicates: number;
}

/** Locks the session row for the rest of the transaction; resolves with its last seq. */
export async function lockSessionTimeline(tx: Tx | Database, sessionId: string): Promise<number> {
  const [row] = await tx
    .select({ lastEventSeq: interviewSessions.lastEventSeq })
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId))
    .for('update');
  if (!row) throw new Error(`session ${sessionId} does not exist`);
  return row.lastEventSeq;
}

/**
 * The append statement: $1 session id, $2 true for server events (no client checks), $3 now,
 * $4 grace in seconds after the session ended, $5 the batch as a JSON array. A fixed text run as a
 * named prepared statement, so each pooled connection parses and plans it once (bench/ingest).
 */
const APPEND_EVENTS_STATEMENT = 'append_session_events';
const APPEND_EVENTS_SQL = `
  WITH locked AS (
    SELECT last_event_seq, current_question_id, started_at FROM interview_sessions
    WHERE id = $1::uuid
      AND ($2::boolean OR status = 'active'
           OR completed_at > $3::timestamptz - make_interval(secs => $4::double precision))
    FOR UPDATE
  ), incoming AS (
    SELECT e.value AS ev, e.ordinality AS ord FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS e
  ), fresh AS (
    SELECT ev, ord FROM incoming i
    WHERE i.ev->'c' = 'null'::jsonb OR NOT EXISTS (
      SELECT 1 FROM session_events x
      WHERE x.session_id = $1::uuid AND x.client_seq = (i.ev->>'c')::bigint)
  ), numbered AS (
    SELECT ev, ord, locked.last_event_seq + row_number() OVER (ORDER BY ord) AS seq FROM fresh, locked
  ), inserted AS (
    INSERT INTO session_events (session_id, seq, client_seq, ts, type, origin, question_id, file_path, data)
    SELECT $1::uuid, seq, (ev->>'c')::bigint,
           CASE WHEN $2::boolean
                  OR (ev->>'ts')::timestamptz BETWEEN locked.started_at AND $3::timestamptz + interval '5 seconds'
                THEN (ev->>'ts')::timestamptz ELSE $3::timestamptz END,
           ev->>'t', (ev->>'o')::event_origin,
           CASE WHEN $2::boolean THEN (ev->>'q')::uuid
                ELSE coalesce((ev->>'q')::uuid, locked.current_question_id) END,
           ev->>'f', ev->'d'
    FROM numbered, locked
    RETURNING seq
  ), updated AS (
    UPDATE interview_sessions
    SET last_event_seq = (SELECT coalesce(max(seq), 0) FROM inserted), last_activity_at = $3::timestamptz
    WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM inserted)
    RETURNING last_event_seq
  )
  SELECT coalesce((SELECT last_event_seq FROM updated), (SELECT last_event_seq FROM locked)) AS last_seq,
         (SELECT json_agg(json_build_array(ord, seq) ORDER BY ord) FROM numbered) AS numbered`;

/**
 * Appends `events` in order, in ONE statement: lock the session row, drop client sequence numbers
 * already stored, number the rest from `last_event_seq`, insert them and store the new counter.
 * One round trip and no per-row query building: event batches are the hottest write path (see
 * bench/ingest). Runs inside the caller's transaction when given one; alone it is atomic anyway.
 *
 * A concurrent retry of the same batch can pass the duplicate check (the check reads the
 * statement's snapshot, taken before the row lock was granted); the unique client_seq index then
 * refuses it, and the statement is run once more, now seeing the stored events.
 */
export async function appendEvents(
  tx: Tx | Database,
  sessionId: string,
  events: readonly EventInput[],
  now: Date = new Date(),
  options: AppendOptions = {},
): Promise<AppendResult> {
  if (events.length === 0)
    return { seqs: [], lastSeq: await lockSessionTimeline(tx, sessionId), duplicates: 0 };
  // Repeats inside the batch keep their first occurrence.
  const seen = new Set<number>();
  const unique: Array<{ index: number; event: EventInput }> = [];
  events.forEach((event, index) => {
    if (event.clientSeq !== undefined) {
      if (seen.has(event.clientSeq)) return;
      seen.add(event.clientSeq);
    }
    unique.push({ index, event });
  });
  const client = options.client;
  const payload = JSON.stringify(
    unique.map(({ event }) => ({
      c: event.clientSeq ?? null,
      t: event.type,
      o: event.origin,
      q: event.questionId ?? null,
      f: event.filePath ?? null,
      ts: (event.ts ?? now).toISOString(),
      d: event.data,
    })),
  );
  const params = [
    sessionId,
    client === undefined,
    now.toISOString(),
    (client?.endedGraceMs ?? 0) / 1000,
    payload,
  ];
  const run = async () => {
    const result = (await tx._.session
      .prepareQuery({ sql: APPEND_EVENTS_SQL, params }, undefined, APPEND_EVENTS_STATEMENT, false)
      .execute()) as {
      rows: Array<{ last_seq: number | string | null; numbered: Array<[number, number]> | null }>;
    };
    return result.rows;
  };
  let rows: Awaited<ReturnType<typeof run>>;
  try {
    rows = await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    rows = await run();
  }
  const [row] = rows;
  if (!row || row.last_seq === null) {
    if (client) throw new SessionClosedError(sessionId);
    throw new Error(`session ${sessionId} does not exist`);
  }
  const seqs: Array<number | null> = events.map(() => null);
  for (const [ordinal, seq] of row.numbered ?? []) {
    const entry = unique[Number(ordinal) - 1];
    if (entry) seqs[entry.index] = Number(seq);
  }
  const stored = seqs.filter((seq) => seq !== null).length;
  return { seqs, lastSeq: Number(row.last_seq), duplicates: events.length - stored };
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
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
