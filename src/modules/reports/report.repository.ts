/**
 * The SQL of reports: a candidate with its assessment, status history, interview session, the
 * questions served with their hidden-test runs, the evaluations, and the share links. Every read
 * of an organization's object filters by organization.
 */
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import {
  assessments,
  candidateStatusHistory,
  candidates,
  evaluations,
  interviewSessions,
  type NewReportShareLink,
  questions,
  reportShareLinks,
  sessionQuestions,
  testResults,
  testRuns,
  users,
} from '../../platform/db/schema/index.ts';

/** A candidate of the organization with its assessment; undefined for another organization's. */
export async function findReportCandidate(db: Database, organizationId: string, candidateId: string) {
  const [row] = await db
    .select({ candidate: candidates, assessment: assessments })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .where(and(eq(candidates.id, candidateId), eq(candidates.organizationId, organizationId)));
  return row;
}

/** The candidate's status moves, oldest first, with the name of the person who made each. */
export async function listStatusHistory(db: Database, candidateId: string) {
  return db
    .select({
      from: candidateStatusHistory.fromStatus,
      to: candidateStatusHistory.toStatus,
      at: candidateStatusHistory.at,
      reason: candidateStatusHistory.reason,
      actorKind: candidateStatusHistory.actorKind,
      actorName: users.name,
    })
    .from(candidateStatusHistory)
    .leftJoin(users, eq(users.id, candidateStatusHistory.actorUserId))
    .where(eq(candidateStatusHistory.candidateId, candidateId))
    .orderBy(asc(candidateStatusHistory.at), asc(candidateStatusHistory.id));
}

/** The candidate's interview session (there is at most one), if it started. */
export async function findSessionOfCandidate(db: Database, organizationId: string, candidateId: string) {
  const [row] = await db
    .select()
    .from(interviewSessions)
    .where(
      and(
        eq(interviewSessions.candidateId, candidateId),
        eq(interviewSessions.organizationId, organizationId),
      ),
    );
  return row;
}

/** The questions served in a session, in order, with their title and level. */
export async function listSessionQuestions(db: Database, sessionId: string) {
  return db
    .select({
      position: sessionQuestions.position,
      questionId: sessionQuestions.questionId,
      title: questions.title,
      difficulty: questions.difficulty,
      language: questions.language,
      startedAt: sessionQuestions.startedAt,
      submittedAt: sessionQuestions.submittedAt,
      score: sessionQuestions.score,
      autoSubmitted: sessionQuestions.autoSubmitted,
      hiddenRunId: sessionQuestions.hiddenRunId,
    })
    .from(sessionQuestions)
    .innerJoin(questions, eq(questions.id, sessionQuestions.questionId))
    .where(eq(sessionQuestions.sessionId, sessionId))
    .orderBy(asc(sessionQuestions.position));
}

/** Runs of a session by id (the hidden runs of its submitted questions). */
export async function listRuns(db: Database, sessionId: string, runIds: string[]) {
  if (runIds.length === 0) return [];
  return db
    .select({
      id: testRuns.id,
      status: testRuns.status,
      passed: testRuns.passed,
      failed: testRuns.failed,
      total: testRuns.total,
      durationMs: testRuns.durationMs,
    })
    .from(testRuns)
    .where(and(eq(testRuns.sessionId, sessionId), inArray(testRuns.id, runIds)));
}

/** The test results of these runs, in the order they ran. */
export async function listRunResults(db: Database, runIds: string[]) {
  if (runIds.length === 0) return [];
  return db
    .select({
      runId: testResults.runId,
      testName: testResults.testName,
      passed: testResults.passed,
      hidden: testResults.hidden,
      durationMs: testResults.durationMs,
      error: testResults.error,
    })
    .from(testResults)
    .where(inArray(testResults.runId, runIds))
    .orderBy(asc(testResults.runId), asc(testResults.position));
}

/** The candidate's most recently completed evaluation, any scoring version. */
export async function findLatestCompletedEvaluation(
  db: Database,
  organizationId: string,
  candidateId: string,
) {
  const [row] = await db
    .select()
    .from(evaluations)
    .where(
      and(
        eq(evaluations.candidateId, candidateId),
        eq(evaluations.organizationId, organizationId),
        eq(evaluations.status, 'completed'),
      ),
    )
    .orderBy(desc(evaluations.completedAt), desc(evaluations.createdAt))
    .limit(1);
  return row;
}

/** The candidate's most recently touched evaluation row in any status (pending, failed). */
export async function findLatestEvaluation(db: Database, organizationId: string, candidateId: string) {
  const [row] = await db
    .select({ id: evaluations.id, status: evaluations.status })
    .from(evaluations)
    .where(and(eq(evaluations.candidateId, candidateId), eq(evaluations.organizationId, organizationId)))
    .orderBy(desc(evaluations.updatedAt), desc(evaluations.createdAt))
    .limit(1);
  return row;
}

/** One evaluation of the candidate by id (a share link pinned to it). */
export async function findCandidateEvaluation(
  db: Database,
  organizationId: string,
  candidateId: string,
  evaluationId: string,
) {
  const [row] = await db
    .select()
    .from(evaluations)
    .where(
      and(
        eq(evaluations.id, evaluationId),
        eq(evaluations.candidateId, candidateId),
        eq(evaluations.organizationId, organizationId),
      ),
    );
  return row;
}

export async function insertShareLink(db: Database, row: NewReportShareLink) {
  const [inserted] = await db.insert(reportShareLinks).values(row).returning();
  if (!inserted) throw new Error('the share link was not created');
  return inserted;
}

const shareColumns = {
  id: reportShareLinks.id,
  createdAt: reportShareLinks.createdAt,
  expiresAt: reportShareLinks.expiresAt,
  revokedAt: reportShareLinks.revokedAt,
  lastAccessedAt: reportShareLinks.lastAccessedAt,
  accessCount: reportShareLinks.accessCount,
  createdByUserId: reportShareLinks.createdByUserId,
  createdByName: users.name,
};

/** The candidate's share links, newest first, with who created them (never the token hash). */
export async function listShareLinks(db: Database, organizationId: string, candidateId: string) {
  return db
    .select(shareColumns)
    .from(reportShareLinks)
    .leftJoin(users, eq(users.id, reportShareLinks.createdByUserId))
    .where(
      and(eq(reportShareLinks.candidateId, candidateId), eq(reportShareLinks.organizationId, organizationId)),
    )
    .orderBy(desc(reportShareLinks.createdAt), desc(reportShareLinks.id));
}

/** One share link of the candidate, with its creator. */
export async function findShareLink(
  db: Database,
  organizationId: string,
  candidateId: string,
  shareId: string,
) {
  const [row] = await db
    .select(shareColumns)
    .from(reportShareLinks)
    .leftJoin(users, eq(users.id, reportShareLinks.createdByUserId))
    .where(
      and(
        eq(reportShareLinks.id, shareId),
        eq(reportShareLinks.candidateId, candidateId),
        eq(reportShareLinks.organizationId, organizationId),
      ),
    );
  return row;
}

/** Revokes a live share link; a link already revoked keeps its first revocation time. */
export async function revokeShareLink(db: Database, shareId: string, at: Date): Promise<void> {
  await db
    .update(reportShareLinks)
    .set({ revokedAt: at })
    .where(and(eq(reportShareLinks.id, shareId), isNull(reportShareLinks.revokedAt)));
}

/**
 * Counts one access of a live link (not revoked, not expired at `at`) in one statement, so two
 * concurrent readers both count; resolves with the link, or undefined when it is not live.
 */
export async function recordShareAccess(db: Database, tokenHash: string, at: Date) {
  const [row] = await db
    .update(reportShareLinks)
    .set({ accessCount: sql`${reportShareLinks.accessCount} + 1`, lastAccessedAt: at })
    .where(
      and(
        eq(reportShareLinks.tokenHash, tokenHash),
        isNull(reportShareLinks.revokedAt),
        gt(reportShareLinks.expiresAt, at),
      ),
    )
    .returning();
  return row;
}

/** A share link by its token hash, whatever its state. */
export async function findShareLinkByTokenHash(db: Database, tokenHash: string) {
  const [row] = await db.select().from(reportShareLinks).where(eq(reportShareLinks.tokenHash, tokenHash));
  return row;
}
