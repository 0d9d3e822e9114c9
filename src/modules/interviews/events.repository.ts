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
 * The server's append statement: $1 session id, $2 now, $3 the events as a JSON array
 * (`{ c: clientSeq, t: type, o: origin, q: question, f: file, ts, d: data }`). A fixed text run as
 * a named prepared statement, so each pooled connection parses and plans it once. The duplicate
 * check is a LATERAL probe of the client_seq index per event: written as NOT EXISTS, the planner
 * may hash the whole session_events table instead when its statistics are stale (bench/ingest saw
 * 120 ms per statement that way).
 */
const APPEND_EVENTS_STATEMENT = 'append_session_events';
const APPEND_EVENTS_SQL = `
  WITH locked AS (
    SELECT last_event_seq FROM interview_sessions WHERE id = $1::uuid FOR UPDATE
  ), incoming AS (
    SELECT e.value AS ev, e.ordinality AS ord FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e
  ), fresh AS (
    SELECT i.ev, i.ord FROM incoming i
    LEFT JOIN LATERAL (
      SELECT true AS found FROM session_events x
      WHERE x.session_id = $1::uuid AND x.client_seq = (i.ev->>'c')::bigint LIMIT 1
    ) stored ON true
    WHERE stored.found IS NULL
  ), numbered AS (
    SELECT ev, ord, locked.last_event_seq + row_number() OVER (ORDER BY ord) AS seq FROM fresh, locked
  ), inserted AS (
    INSERT INTO session_events (session_id, seq, client_seq, ts, type, origin, question_id, file_path, data)
    SELECT $1::uuid, seq, (ev->>'c')::bigint, (ev->>'ts')::timestamptz, ev->>'t', (ev->>'o')::event_origin,
           (ev->>'q')::uuid, ev->>'f', ev->'d'
    FROM numbered
    RETURNING seq
  ), updated AS (
    UPDATE interview_sessions
    SET last_event_seq = (SELECT coalesce(max(seq), 0) FROM inserted), last_activity_at = $2::timestamptz
    WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM inserted)
    RETURNING last_event_seq
  )
  SELECT coalesce((SELECT last_event_seq FROM updated), (SELECT last_event_seq FROM locked)) AS last_seq,
         (SELECT json_agg(json_build_array(ord, seq) ORDER BY ord) FROM numbered) AS numbered`;

/**
 * Appends the server's own events (assistant turns, file changes, runs, decisions) in order, in
 * ONE statement: lock the session row, drop client sequence numbers already stored, number the rest
 * from `last_event_seq`, insert them and store the new counter. Runs inside the caller's
 * transaction when given one (a file write and its event commit together); alone it is atomic
 * anyway. Candidates' batches go through `appendClientBatches`, which also checks the session.
 */
export async function appendEvents(
  tx: Tx | Database,
  sessionId: string,
  events: readonly EventInput[],
  now: Date = new Date(),
): Promise<AppendResult> {
  if (events.length === 0)
    return { seqs: [], lastSeq: await lockSessionTimeline(tx, sessionId), duplicates: 0 };
  const plan = planAppend(events, now);
  const [row] = await runRetryingDuplicates<{
    last_seq: number | string | null;
    numbered: NumberedPairs | null;
  }>(tx, APPEND_EVENTS_STATEMENT, APPEND_EVENTS_SQL, [
    sessionId,
    now.toISOString(),
    JSON.stringify(plan.rows),
  ]);
  if (!row || row.last_seq === null) throw new Error(`session ${sessionId} does not exist`);
  return resultOf(events, plan.unique, row.numbered, row.last_seq);
}

/** One client batch of a group commit: a session's events, as `appendEvents` takes them. */
export interface ClientBatch {
  sessionId: string;
  events: readonly EventInput[];
}

/**
 * The candidates' append statement, for one or several sessions at once (group commit): $1 now,
 * $2 grace in seconds after the session ended, $3 `[{ s: session id, e: [events as above] }]`, $4
 * the session ids (so the session rows are found by their key, whatever the planner guesses of
 * $3). Per session, under its row lock: it must be active (or have ended less than the grace ago),
 * a client time outside [session start, now + 5 s] becomes the server's time, and an event without
 * a question belongs to the current one. Rows are locked in id order, so two groups never wait for
 * each other in a cycle (every other writer locks one session row per transaction). The SKIP
 * LOCKED variant passes over sessions another transaction holds (a file save, a run being
 * recorded): one busy session must not hold up a whole group.
 */
const APPEND_CLIENT_BATCHES_STATEMENT = 'append_client_batches';
const APPEND_CLIENT_BATCHES_SQL = `
  WITH requested AS (
    SELECT (b.value->>'s')::uuid AS session_id, b.value->'e' AS events FROM jsonb_array_elements($3::jsonb) AS b
  ), locked AS (
    SELECT id AS session_id, last_event_seq, current_question_id, started_at FROM interview_sessions
    WHERE id = ANY($4::uuid[])
      AND (status = 'active' OR completed_at > $1::timestamptz - make_interval(secs => $2::double precision))
    ORDER BY id
    FOR UPDATE
  ), incoming AS (
    SELECT r.session_id, e.value AS ev, e.ordinality AS ord
    FROM requested r, jsonb_array_elements(r.events) WITH ORDINALITY AS e
  ), fresh AS (
    SELECT i.session_id, i.ev, i.ord FROM incoming i
    LEFT JOIN LATERAL (
      SELECT true AS found FROM session_events x
      WHERE x.session_id = i.session_id AND x.client_seq = (i.ev->>'c')::bigint LIMIT 1
    ) stored ON true
    WHERE stored.found IS NULL
  ), numbered AS (
    SELECT f.session_id, f.ev, f.ord,
           l.last_event_seq + row_number() OVER (PARTITION BY f.session_id ORDER BY f.ord) AS seq
    FROM fresh f JOIN locked l USING (session_id)
  ), inserted AS (
    INSERT INTO session_events (session_id, seq, client_seq, ts, type, origin, question_id, file_path, data)
    SELECT n.session_id, n.seq, (n.ev->>'c')::bigint,
           CASE WHEN (n.ev->>'ts')::timestamptz BETWEEN l.started_at AND $1::timestamptz + interval '5 seconds'
                THEN (n.ev->>'ts')::timestamptz ELSE $1::timestamptz END,
           n.ev->>'t', (n.ev->>'o')::event_origin,
           coalesce((n.ev->>'q')::uuid, l.current_question_id),
           n.ev->>'f', n.ev->'d'
    FROM numbered n JOIN locked l USING (session_id)
    RETURNING session_id, seq
  ), updated AS (
    UPDATE interview_sessions s
    SET last_event_seq = m.last_seq, last_activity_at = $1::timestamptz
    FROM (SELECT session_id, max(seq) AS last_seq FROM inserted GROUP BY session_id) m
    WHERE s.id = ANY($4::uuid[]) AND s.id = m.session_id
    RETURNING s.id AS session_id, s.last_event_seq
  )
  SELECT l.session_id, coalesce(u.last_event_seq, l.last_event_seq) AS last_seq,
         (SELECT json_agg(json_build_array(n.ord, n.seq) ORDER BY n.ord)
          FROM numbered n WHERE n.session_id = l.session_id) AS numbered
  FROM locked l LEFT JOIN updated u USING (session_id)`;
const APPEND_CLIENT_BATCHES_SKIP_LOCKED_STATEMENT = 'append_client_batches_skip_locked';
const APPEND_CLIENT_BATCHES_SKIP_LOCKED_SQL = APPEND_CLIENT_BATCHES_SQL.replace(
  'FOR UPDATE',
  'FOR UPDATE SKIP LOCKED',
);

/** A batch not written because `skipLocked` found its session locked (or closed): write it alone. */
export const SESSION_LOCKED = 'locked';

/**
 * Appends candidates' batches of one or several sessions in ONE statement and one transaction
 * (group commit: one round trip, one execution and one WAL flush for all of them), each batch
 * numbered like `appendEvents` and checked as above. Sessions must be distinct. Resolves with each
 * batch's result, or a SessionClosedError for a batch whose session has ended or does not exist —
 * with `skipLocked`, SESSION_LOCKED instead for a session another transaction holds or that has
 * ended (the statement cannot tell the two apart without waiting).
 */
export async function appendClientBatches(
  db: Database,
  batches: readonly ClientBatch[],
  now: Date,
  endedGraceMs: number,
  options: { skipLocked?: boolean } = {},
): Promise<Array<AppendResult | SessionClosedError | typeof SESSION_LOCKED>> {
  if (new Set(batches.map((batch) => batch.sessionId)).size !== batches.length)
    throw new Error('a group commit takes one batch per session');
  const plans = batches.map((batch) => planAppend(batch.events, now));
  const payload = JSON.stringify(
    batches.map((batch, index) => ({ s: batch.sessionId, e: plans[index]?.rows })),
  );
  const rows = await runRetryingDuplicates<{
    session_id: string;
    last_seq: number | string;
    numbered: NumberedPairs | null;
  }>(
    db,
    options.skipLocked ? APPEND_CLIENT_BATCHES_SKIP_LOCKED_STATEMENT : APPEND_CLIENT_BATCHES_STATEMENT,
    options.skipLocked ? APPEND_CLIENT_BATCHES_SKIP_LOCKED_SQL : APPEND_CLIENT_BATCHES_SQL,
    [now.toISOString(), endedGraceMs / 1000, payload, batches.map((batch) => batch.sessionId)],
  );
  const bySession = new Map(rows.map((row) => [row.session_id, row]));
  return batches.map((batch, index) => {
    const row = bySession.get(batch.sessionId);
    const plan = plans[index];
    if (!row || !plan) return options.skipLocked ? SESSION_LOCKED : new SessionClosedError(batch.sessionId);
    return resultOf(batch.events, plan.unique, row.numbered, row.last_seq);
  });
}

/** `[ordinal in the payload (1-based), seq]` for each stored event. */
type NumberedPairs = Array<[number, number]>;

/** The events to send (repeats of a clientSeq inside the batch keep their first occurrence). */
function planAppend(events: readonly EventInput[], now: Date) {
  const seen = new Set<number>();
  const unique: Array<{ index: number; event: EventInput }> = [];
  events.forEach((event, index) => {
    if (event.clientSeq !== undefined) {
      if (seen.has(event.clientSeq)) return;
      seen.add(event.clientSeq);
    }
    unique.push({ index, event });
  });
  const rows = unique.map(({ event }) => ({
    c: event.clientSeq ?? null,
    t: event.type,
    o: event.origin,
    q: event.questionId ?? null,
    f: event.filePath ?? null,
    ts: (event.ts ?? now).toISOString(),
    d: event.data,
  }));
  return { unique, rows };
}

/** Maps the statement's numbering back onto the caller's events (null for a duplicate). */
function resultOf(
  events: readonly EventInput[],
  unique: ReadonlyArray<{ index: number }>,
  numbered: NumberedPairs | null,
  lastSeq: number | string,
): AppendResult {
  const seqs: Array<number | null> = events.map(() => null);
  for (const [ordinal, seq] of numbered ?? []) {
    const entry = unique[Number(ordinal) - 1];
    if (entry) seqs[entry.index] = Number(seq);
  }
  const stored = seqs.filter((seq) => seq !== null).length;
  return { seqs, lastSeq: Number(lastSeq), duplicates: events.length - stored };
}

/**
 * Runs a fixed statement as a named prepared statement (each pooled connection parses and plans it
 * once). A concurrent retry of the same batch can pass the duplicate check (the check reads the
 * statement's snapshot, taken before the row lock was granted); the unique client_seq index then
 * refuses it, and the statement is run once more, now seeing the stored events.
 */
async function runRetryingDuplicates<Row>(
  tx: Tx | Database,
  name: string,
  sql: string,
  params: unknown[],
): Promise<Row[]> {
  const run = async () =>
    ((await tx._.session.prepareQuery({ sql, params }, undefined, name, false).execute()) as { rows: Row[] })
      .rows;
  try {
    return await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return await run();
  }
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
