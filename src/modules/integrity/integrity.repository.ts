/** Storage of the integrity module: code fingerprints, and the slices of a session the signals read. */
import { and, asc, desc, eq, inArray, like, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import type { ProgrammingLanguage } from '../../platform/db/schema/enums.ts';
import { codeFingerprints, questions, sessionEvents } from '../../platform/db/schema/index.ts';
import type { WorkspaceFileContent } from '../../platform/db/schema/types.ts';
import type { FingerprintRecord, IntegrityEvent } from './integrity-signals.ts';

/** The fingerprints of one session's final code for one question. */
export interface FingerprintRow {
  organizationId: string;
  sessionId: string;
  questionId: string;
  language: ProgrammingLanguage;
  fingerprints: number[];
  normalizedHash: string;
}

/** Stores (or replaces) the fingerprints of each (session, question) in one statement; a re-run leaves one row each. */
export async function upsertFingerprints(db: Database, rows: readonly FingerprintRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(codeFingerprints)
    .values([...rows])
    .onConflictDoUpdate({
      target: [codeFingerprints.sessionId, codeFingerprints.questionId],
      set: {
        organizationId: sql`excluded.organization_id`,
        language: sql`excluded.language`,
        fingerprints: sql`excluded.fingerprints`,
        normalizedHash: sql`excluded.normalized_hash`,
      },
    });
}

/**
 * Other sessions' fingerprints for `questionId` in the same organization (never across
 * organizations), newest first and at most `limit`, restricted to hashes of the current scheme
 * (`versionPrefix`, e.g. `w1:`) so rows from an older normalization are not compared.
 */
export async function listOtherFingerprints(
  db: Database,
  query: {
    organizationId: string;
    questionId: string;
    excludeSessionId: string;
    versionPrefix: string;
    limit: number;
  },
): Promise<FingerprintRecord[]> {
  return db
    .select({
      sessionId: codeFingerprints.sessionId,
      fingerprints: codeFingerprints.fingerprints,
      normalizedHash: codeFingerprints.normalizedHash,
    })
    .from(codeFingerprints)
    .where(
      and(
        eq(codeFingerprints.organizationId, query.organizationId),
        eq(codeFingerprints.questionId, query.questionId),
        ne(codeFingerprints.sessionId, query.excludeSessionId),
        like(codeFingerprints.normalizedHash, `${query.versionPrefix}%`),
      ),
    )
    .orderBy(desc(codeFingerprints.createdAt), asc(codeFingerprints.sessionId))
    .limit(query.limit);
}

/** Title and starter files of each question (the starter code is shared by every candidate, so it is not evidence). */
export async function listQuestionStarters(
  db: Database,
  questionIds: readonly string[],
): Promise<Array<{ id: string; title: string; starterFiles: WorkspaceFileContent[] }>> {
  if (questionIds.length === 0) return [];
  return db
    .select({ id: questions.id, title: questions.title, starterFiles: questions.starterFiles })
    .from(questions)
    .where(inArray(questions.id, [...questionIds]));
}

/** Event types the signals read besides `integrity.*`. */
const SIGNAL_EVENT_TYPES = ['file.changed', 'file.created', 'question.started', 'question.submitted'];

/** The session's integrity.*, file.changed, file.created and question.* events in seq order (only the columns the rules read). */
export async function listIntegrityEvents(db: Database, sessionId: string): Promise<IntegrityEvent[]> {
  const rows = await db
    .select({
      seq: sessionEvents.seq,
      ts: sessionEvents.ts,
      type: sessionEvents.type,
      origin: sessionEvents.origin,
      questionId: sessionEvents.questionId,
      filePath: sessionEvents.filePath,
      data: sessionEvents.data,
    })
    .from(sessionEvents)
    .where(
      and(
        eq(sessionEvents.sessionId, sessionId),
        or(like(sessionEvents.type, 'integrity.%'), inArray(sessionEvents.type, SIGNAL_EVENT_TYPES)),
      ),
    )
    .orderBy(asc(sessionEvents.seq));
  return rows.map((row) => ({ ...row, ts: row.ts.getTime() }));
}
