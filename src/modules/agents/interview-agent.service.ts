/**
 * The interview agent's worker side: folds a session's new events into its live signals. Each
 * job reads the events after the stored cursor and writes signals and cursor together with a
 * version check, so a job that runs twice (or two at once) applies every event exactly once.
 */
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { agentStates, sessionEvents } from '../../platform/db/schema/index.ts';
import type { Logger } from '../../platform/logger.ts';
import { emptySignals, foldSignals, type LiveSignals } from './live-signals.ts';

/** How many events one pass reads; a longer backlog takes several passes of the same job. */
const EVENTS_PER_PASS = 2_000;

/** Processes the new events of a session; resolves with how many were applied. */
export async function processSessionEvents(db: Database, sessionId: string, logger: Logger): Promise<number> {
  let applied = 0;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const [state] = await db.select().from(agentStates).where(eq(agentStates.sessionId, sessionId));
    const cursor = state?.lastProcessedEventSeq ?? 0;
    const events = await db
      .select({
        seq: sessionEvents.seq,
        ts: sessionEvents.ts,
        type: sessionEvents.type,
        origin: sessionEvents.origin,
        data: sessionEvents.data,
      })
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, sessionId), gt(sessionEvents.seq, cursor)))
      .orderBy(asc(sessionEvents.seq))
      .limit(EVENTS_PER_PASS);
    if (events.length === 0) return applied;
    const previous = (state?.state.signals as LiveSignals | undefined) ?? emptySignals();
    const signals = foldSignals(
      previous.work ? previous : emptySignals(),
      events.map((event) => ({
        ...event,
        ts: event.ts.getTime(),
        data: event.data as Record<string, unknown>,
      })),
    );
    const last = events.at(-1)?.seq ?? cursor;
    const nextState = { ...(state?.state ?? {}), signals: signals as unknown as Record<string, unknown> };
    let written: unknown[];
    if (!state) {
      written = await db
        .insert(agentStates)
        .values({ sessionId, state: nextState, lastProcessedEventSeq: last, version: 1 })
        .onConflictDoNothing()
        .returning({ version: agentStates.version });
    } else {
      written = await db
        .update(agentStates)
        .set({
          state: nextState,
          lastProcessedEventSeq: last,
          version: state.version + 1,
          updatedAt: new Date(),
        })
        .where(and(eq(agentStates.sessionId, sessionId), eq(agentStates.version, state.version)))
        .returning({ version: agentStates.version });
    }
    // Someone else advanced the state meanwhile: read it again and apply only what is left.
    if (written.length === 0) continue;
    applied += events.length;
    if (events.length < EVENTS_PER_PASS) return applied;
  }
  logger.warn(
    { sessionId },
    'interview agent gave up after repeated concurrent updates; the next job continues',
  );
  return applied;
}

/** The signals of a session as last computed, or undefined. */
export async function findLiveSignals(db: Database, sessionId: string): Promise<LiveSignals | undefined> {
  const [state] = await db.select().from(agentStates).where(eq(agentStates.sessionId, sessionId));
  return state?.state.signals as LiveSignals | undefined;
}
