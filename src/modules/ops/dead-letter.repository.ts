/** The durable record of dead-lettered jobs (table dead_letter_jobs) and its audit entries. */
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { auditLogs, deadLetterJobs } from '../../platform/db/schema/index.ts';
import type { JsonValue } from '../../platform/db/schema/types.ts';
import type { DeadLetterActor, DeadLetterEntry, FailurePattern } from './dead-letter.schema.ts';

/** Records `entry` as dead; a job that died before (and was retried) gets its row back. */
export async function upsertDeadLetter(db: Database, entry: DeadLetterEntry): Promise<void> {
  const values = {
    queue: entry.queue,
    jobId: entry.jobId,
    name: entry.name,
    data: (entry.data ?? null) as JsonValue,
    error: entry.error,
    attemptsMade: entry.attemptsMade,
    failedAt: new Date(entry.failedAt),
    fingerprint: entry.fingerprint,
  };
  await db
    .insert(deadLetterJobs)
    .values(values)
    .onConflictDoUpdate({
      target: [deadLetterJobs.queue, deadLetterJobs.jobId],
      set: { ...values, status: 'dead', resolvedAt: null, resolvedByUserId: null, updatedAt: new Date() },
    });
}

/** A stored row as an entry (for retries once Redis has forgotten it). */
export async function findDeadLetter(db: Database, queue: string, jobId: string) {
  const [row] = await db
    .select()
    .from(deadLetterJobs)
    .where(and(eq(deadLetterJobs.queue, queue), eq(deadLetterJobs.jobId, jobId)));
  return row;
}

/**
 * Moves a dead row to `status`; resolves with the row as it was, or undefined when it was not
 * dead (already retried, discarded, or unknown). The WHERE makes concurrent resolutions safe:
 * exactly one of two simultaneous retries wins.
 */
export async function resolveDeadLetter(
  db: Database,
  queue: string,
  jobId: string,
  status: 'retried' | 'discarded',
  actor: DeadLetterActor,
) {
  const now = new Date();
  const [row] = await db
    .update(deadLetterJobs)
    .set({
      status,
      resolvedAt: now,
      resolvedByUserId: actor.userId ?? null,
      updatedAt: now,
      ...(status === 'retried'
        ? { retryCount: sql`${deadLetterJobs.retryCount} + 1`, lastRetriedAt: now }
        : {}),
    })
    .where(
      and(
        eq(deadLetterJobs.queue, queue),
        eq(deadLetterJobs.jobId, jobId),
        eq(deadLetterJobs.status, 'dead'),
      ),
    )
    .returning();
  return row;
}

/** Puts a row claimed for a retry back to dead (the re-enqueue failed). */
export async function undoRetry(db: Database, queue: string, jobId: string): Promise<void> {
  await db
    .update(deadLetterJobs)
    .set({
      status: 'dead',
      resolvedAt: null,
      retryCount: sql`${deadLetterJobs.retryCount} - 1`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(deadLetterJobs.queue, queue),
        eq(deadLetterJobs.jobId, jobId),
        eq(deadLetterJobs.status, 'retried'),
      ),
    );
}

/** Job ids of the dead rows of `queue` (optionally of one fingerprint), oldest first. */
export async function deadJobIds(
  db: Database,
  queue: string,
  fingerprint?: string,
  limit = 1_000,
): Promise<string[]> {
  const rows = await db
    .select({ jobId: deadLetterJobs.jobId })
    .from(deadLetterJobs)
    .where(
      and(
        eq(deadLetterJobs.queue, queue),
        eq(deadLetterJobs.status, 'dead'),
        fingerprint ? eq(deadLetterJobs.fingerprint, fingerprint) : undefined,
      ),
    )
    .orderBy(asc(deadLetterJobs.failedAt))
    .limit(limit);
  return rows.map((row) => row.jobId);
}

/** Dead rows grouped by fingerprint, most frequent first. */
export async function failurePatterns(db: Database, limit = 50): Promise<FailurePattern[]> {
  const rows = await db
    .select({
      fingerprint: deadLetterJobs.fingerprint,
      count: sql<number>`count(*)::int`,
      firstSeen: sql<string>`min(${deadLetterJobs.failedAt})`,
      lastSeen: sql<string>`max(${deadLetterJobs.failedAt})`,
      queues: sql<string[]>`array_agg(distinct ${deadLetterJobs.queue})`,
      example: sql<{ queue: string; jobId: string; error: string }>`(array_agg(json_build_object(
        'queue', ${deadLetterJobs.queue}, 'jobId', ${deadLetterJobs.jobId},
        'error', (${deadLetterJobs.error}->>'name') || ': ' || (${deadLetterJobs.error}->>'message'))
        order by ${deadLetterJobs.failedAt} desc))[1]`,
    })
    .from(deadLetterJobs)
    .where(eq(deadLetterJobs.status, 'dead'))
    .groupBy(deadLetterJobs.fingerprint)
    .orderBy(desc(sql`count(*)`))
    .limit(limit);
  return rows.map((row) => ({
    fingerprint: row.fingerprint,
    count: Number(row.count),
    firstSeen: new Date(row.firstSeen).toISOString(),
    lastSeen: new Date(row.lastSeen).toISOString(),
    queues: [...row.queues].sort(),
    example: typeof row.example === 'string' ? JSON.parse(row.example) : row.example,
  }));
}

/** Deletes rows that failed before `cutoff`; resolves with how many. */
export async function pruneDeadLetters(db: Database, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(deadLetterJobs)
    .where(lt(deadLetterJobs.failedAt, cutoff))
    .returning({ id: deadLetterJobs.id });
  return deleted.length;
}

/** One audit entry per operator action on the dead-letter queue. */
export async function auditDeadLetterAction(
  db: Database,
  actor: DeadLetterActor,
  action: string,
  target: { queue: string; jobId?: string },
  data: Record<string, JsonValue>,
): Promise<void> {
  await db.insert(auditLogs).values({
    actorKind: actor.kind === 'operator' ? (actor.userId ? 'user' : 'system') : actor.kind,
    actorUserId: actor.userId ?? null,
    action: `dlq.${action}`,
    targetType: 'queue_job',
    targetId: target.jobId ? `${target.queue}/${target.jobId}` : target.queue,
    data: { ...data, queue: target.queue, via: actor.kind },
  });
}
