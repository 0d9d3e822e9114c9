/**
 * The session timeline: client event batches (idempotent by clientSeq, gap-free server seq), and
 * the replay a recruiter reads: events with filters and paging, the served questions, snapshots,
 * and the files rebuilt at any seq.
 */
import { and, asc, desc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { fileSnapshots, interviewSessions, sessionEvents } from '../../platform/db/schema/index.ts';
import type { JsonObject } from '../../platform/db/schema/types.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { createGroupCommit } from './event-group-commit.ts';
import {
  appendClientBatches,
  appendEvents,
  type EventInput,
  listEvents,
  SessionClosedError,
} from './events.repository.ts';
import { servedQuestions } from './interviews.repository.ts';
import type { ClientEvent, StoredEvent } from './interviews.schema.ts';
import { getSession } from './session-access.service.ts';
import { fileEventTypes, rebuildFiles } from './workspace-replay.ts';

/** How long after the end a late batch (a client flushing its queue) is still stored. */
export const LATE_EVENTS_GRACE_MS = 10 * 60_000;

/** Timeline use cases. */
export interface TimelineService {
  ingest(
    sessionId: string,
    events: readonly ClientEvent[],
  ): Promise<{ accepted: number; duplicates: number; lastSeq: number }>;
  /** Appends server-side events (assistant turns, terminal I/O) in order; resolves with their seqs. */
  record(sessionId: string, events: readonly EventInput[]): Promise<number[]>;
  /** The session's organization (recruiter routes check it); 404 when unknown. */
  organizationOf(sessionId: string): Promise<string>;
  events(
    sessionId: string,
    query: { from?: number; to?: number; after?: number; types?: string[]; limit: number },
  ): Promise<{ events: StoredEvent[]; nextAfter: number | null }>;
  replay(sessionId: string, page: { after?: number; limit: number }): Promise<ReplayView>;
  filesAt(
    sessionId: string,
    seq: number,
  ): Promise<{ seq: number; files: Array<{ path: string; content: string }> }>;
}

/** The replay document (see ReplaySchema). */
export interface ReplayView {
  session: {
    id: string;
    candidateId: string;
    assessmentId: string;
    status: string;
    language: 'python' | 'javascript' | 'typescript';
    startedAt: string;
    deadlineAt: string;
    completedAt: string | null;
    lastEventSeq: number;
    theta: number;
    thetaSe: number;
  };
  questions: Array<{
    questionId: string;
    position: number;
    title: string;
    difficulty: string;
    startedAt: string;
    submittedAt: string | null;
    score: number | null;
    autoSubmitted: boolean;
    hiddenRunId: string | null;
  }>;
  snapshots: Array<{ seq: number; questionId: string | null; reason: string }>;
  timeline: StoredEvent[];
  nextAfter: number | null;
}

type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

function toStoredEvent(row: EventRow): StoredEvent {
  return { ...row, ts: row.ts.toISOString(), data: row.data as Record<string, unknown> };
}

/** Creates the timeline service. */
export function createTimelineService(options: {
  db: Database;
  now?: () => Date;
  onEventsRecorded?: (sessionId: string, lastSeq: number) => void;
  /**
   * Client batches are group-committed (event-group-commit.ts): at most `maxInFlight` statements
   * at once (default 3, a third of the default pool), each with at most `maxEvents` events (2,000).
   */
  groupCommit?: { maxInFlight: number; maxEvents?: number };
}): TimelineService {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const clientBatches = createGroupCommit({
    write: (batches, mode) => appendClientBatches(db, batches, now(), LATE_EVENTS_GRACE_MS, mode),
    maxInFlight: options.groupCommit?.maxInFlight ?? 3,
    maxEvents: options.groupCommit?.maxEvents ?? 2_000,
  });

  async function page(sessionId: string, query: Parameters<TimelineService['events']>[1]) {
    const rows = await listEvents(db, sessionId, {
      fromSeq: query.from,
      toSeq: query.to,
      afterSeq: query.after,
      types: query.types,
      limit: query.limit + 1,
    });
    const more = rows.length > query.limit;
    const events = rows.slice(0, query.limit).map(toStoredEvent);
    return { events, nextAfter: more ? (events.at(-1)?.seq ?? null) : null };
  }

  return {
    async ingest(sessionId, events) {
      const at = now();
      let result: Awaited<ReturnType<typeof appendEvents>>;
      try {
        // One statement — shared with other sessions' batches while the database is busy — checks
        // the session, stamps times and questions, and stores the batch.
        result = await clientBatches.append({
          sessionId,
          events: events.map((event) => {
            const clientTs = event.ts ? new Date(event.ts) : at;
            return {
              type: event.type,
              origin: 'candidate' as const,
              clientSeq: event.clientSeq,
              ts: Number.isFinite(clientTs.getTime()) ? clientTs : at,
              questionId: event.questionId ?? null,
              filePath: event.filePath ?? null,
              data: event.data as JsonObject,
            };
          }),
        });
      } catch (error) {
        if (!(error instanceof SessionClosedError)) throw error;
        await getSession(db, sessionId);
        throw new AppError('CONFLICT', 'This interview has ended; events are no longer recorded');
      }
      const accepted = events.length - result.duplicates;
      if (accepted > 0) options.onEventsRecorded?.(sessionId, result.lastSeq);
      return { accepted, duplicates: result.duplicates, lastSeq: result.lastSeq };
    },

    async record(sessionId, events) {
      if (events.length === 0) return [];
      const result = await appendEvents(db, sessionId, events, now());
      options.onEventsRecorded?.(sessionId, result.lastSeq);
      return result.seqs.filter((seq): seq is number => seq !== null);
    },

    async organizationOf(sessionId) {
      const [row] = await db
        .select({ organizationId: interviewSessions.organizationId })
        .from(interviewSessions)
        .where(eq(interviewSessions.id, sessionId));
      if (!row) throw new NotFoundError('The interview session');
      return row.organizationId;
    },

    events: page,

    async replay(sessionId, paging) {
      const row = await getSession(db, sessionId);
      const [served, snapshots, events] = await Promise.all([
        servedQuestions(db, sessionId),
        db
          .select({
            seq: fileSnapshots.eventSeq,
            questionId: fileSnapshots.questionId,
            reason: fileSnapshots.reason,
          })
          .from(fileSnapshots)
          .where(eq(fileSnapshots.sessionId, sessionId))
          .orderBy(asc(fileSnapshots.eventSeq)),
        page(sessionId, { after: paging.after, limit: paging.limit }),
      ]);
      const session = row.session;
      return {
        session: {
          id: session.id,
          candidateId: session.candidateId,
          assessmentId: session.assessmentId,
          status: session.status,
          language: session.language,
          startedAt: session.startedAt.toISOString(),
          deadlineAt: session.deadlineAt.toISOString(),
          completedAt: session.completedAt?.toISOString() ?? null,
          lastEventSeq: session.lastEventSeq,
          theta: session.theta,
          thetaSe: session.thetaSe,
        },
        questions: served.map((entry) => ({
          questionId: entry.questionId,
          position: entry.position,
          title: entry.title,
          difficulty: entry.difficulty,
          startedAt: entry.startedAt.toISOString(),
          submittedAt: entry.submittedAt?.toISOString() ?? null,
          score: entry.score,
          autoSubmitted: entry.autoSubmitted,
          hiddenRunId: entry.hiddenRunId,
        })),
        snapshots,
        timeline: events.events,
        nextAfter: events.nextAfter,
      };
    },

    async filesAt(sessionId, seq) {
      const [snapshot] = await db
        .select({ eventSeq: fileSnapshots.eventSeq, files: fileSnapshots.files })
        .from(fileSnapshots)
        .where(and(eq(fileSnapshots.sessionId, sessionId), lte(fileSnapshots.eventSeq, seq)))
        .orderBy(desc(fileSnapshots.eventSeq))
        .limit(1);
      const after = snapshot?.eventSeq ?? 0;
      const events = await db
        .select({
          seq: sessionEvents.seq,
          type: sessionEvents.type,
          filePath: sessionEvents.filePath,
          data: sessionEvents.data,
        })
        .from(sessionEvents)
        .where(
          and(
            eq(sessionEvents.sessionId, sessionId),
            gt(sessionEvents.seq, after),
            lte(sessionEvents.seq, seq),
            inArray(sessionEvents.type, [...fileEventTypes]),
          ),
        )
        .orderBy(asc(sessionEvents.seq));
      const files = rebuildFiles(
        snapshot?.files ?? [],
        events.map((event) => ({ ...event, data: event.data as Record<string, unknown> })),
      );
      return { seq, files };
    },
  };
}
