/** Interview sessions, their served questions and the live workspace in the database. */
import { and, asc, eq, inArray, isNull, lte, notInArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import type { EventOrigin } from '../../platform/db/schema/enums.ts';
import {
  assessmentSeeds,
  assessments,
  candidates,
  interviewSessions,
  questions,
  sessionQuestions,
  testRuns,
  workspaceFiles,
} from '../../platform/db/schema/index.ts';
import type { Tx } from './events.repository.ts';

/** A session with what every candidate request needs from its assessment. */
export async function findSession(db: Database | Tx, sessionId: string) {
  const [row] = await db
    .select({
      session: interviewSessions,
      assessment: {
        id: assessments.id,
        title: assessments.title,
        aiPolicy: assessments.aiPolicy,
        questionCount: assessments.questionCount,
        difficultyMix: assessments.difficultyMix,
        adaptive: assessments.adaptive,
        questionSource: assessments.questionSource,
        topics: assessments.topics,
        durationMinutes: assessments.durationMinutes,
        integrityMonitoring: assessments.integrityMonitoring,
      },
      candidate: { id: candidates.id, name: candidates.name, status: candidates.status },
    })
    .from(interviewSessions)
    .innerJoin(assessments, eq(assessments.id, interviewSessions.assessmentId))
    .innerJoin(candidates, eq(candidates.id, interviewSessions.candidateId))
    .where(eq(interviewSessions.id, sessionId));
  return row;
}
export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/** The session id and hash of a credential, or undefined. */
export async function findSessionIdByCredential(db: Database, credentialHash: string) {
  const [row] = await db
    .select({ id: interviewSessions.id })
    .from(interviewSessions)
    .where(eq(interviewSessions.credentialHash, credentialHash));
  return row?.id;
}

/** The session of a candidate, if they started. */
export async function findSessionOfCandidate(db: Database | Tx, candidateId: string) {
  const [row] = await db
    .select({ id: interviewSessions.id, status: interviewSessions.status })
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  return row;
}

/** Seeds the assessment draws from, in plan order. */
export async function seedIdsOf(db: Database | Tx, assessmentId: string): Promise<string[]> {
  const rows = await db
    .select({ seedId: assessmentSeeds.seedId })
    .from(assessmentSeeds)
    .where(eq(assessmentSeeds.assessmentId, assessmentId))
    .orderBy(asc(assessmentSeeds.position));
  return rows.map((row) => row.seedId);
}

/** Questions served in a session, in order, with their difficulty and IRT parameters. */
export async function servedQuestions(db: Database | Tx, sessionId: string) {
  return db
    .select({
      id: sessionQuestions.id,
      questionId: sessionQuestions.questionId,
      position: sessionQuestions.position,
      startedAt: sessionQuestions.startedAt,
      submittedAt: sessionQuestions.submittedAt,
      score: sessionQuestions.score,
      autoSubmitted: sessionQuestions.autoSubmitted,
      hiddenRunId: sessionQuestions.hiddenRunId,
      difficulty: questions.difficulty,
      irtA: questions.irtA,
      irtB: questions.irtB,
      contentHash: questions.contentHash,
      title: questions.title,
    })
    .from(sessionQuestions)
    .innerJoin(questions, eq(questions.id, sessionQuestions.questionId))
    .where(eq(sessionQuestions.sessionId, sessionId))
    .orderBy(asc(sessionQuestions.position));
}

/** Live bank questions of `language` in the given difficulties, minus content already seen. */
export async function eligibleBankQuestions(
  db: Database | Tx,
  options: {
    language: 'python' | 'javascript' | 'typescript';
    difficulties: string[];
    excludeHashes: string[];
  },
) {
  if (options.difficulties.length === 0) return [];
  return db
    .select({
      id: questions.id,
      difficulty: questions.difficulty,
      a: questions.irtA,
      b: questions.irtB,
      contentHash: questions.contentHash,
    })
    .from(questions)
    .where(
      and(
        eq(questions.source, 'bank'),
        eq(questions.language, options.language),
        inArray(questions.difficulty, options.difficulties as Array<'easy' | 'medium' | 'hard'>),
        isNull(questions.archivedAt),
        options.excludeHashes.length > 0
          ? notInArray(questions.contentHash, options.excludeHashes)
          : undefined,
      ),
    )
    .orderBy(asc(questions.bankKey));
}

/** The live workspace of a session, by path. */
export async function listWorkspaceFiles(db: Database | Tx, sessionId: string) {
  return db
    .select({
      path: workspaceFiles.path,
      content: workspaceFiles.content,
      lastModifiedBy: workspaceFiles.lastModifiedBy,
      updatedAt: workspaceFiles.updatedAt,
    })
    .from(workspaceFiles)
    .where(eq(workspaceFiles.sessionId, sessionId))
    .orderBy(asc(workspaceFiles.path));
}

/** One workspace file's content, or undefined. */
export async function findWorkspaceFile(db: Database | Tx, sessionId: string, path: string) {
  const [row] = await db
    .select({ content: workspaceFiles.content })
    .from(workspaceFiles)
    .where(and(eq(workspaceFiles.sessionId, sessionId), eq(workspaceFiles.path, path)));
  return row;
}

/** Creates or replaces one workspace file. */
export async function upsertWorkspaceFile(
  tx: Tx,
  input: { sessionId: string; path: string; content: string; origin: EventOrigin; seq: number; now: Date },
): Promise<void> {
  await tx
    .insert(workspaceFiles)
    .values({
      sessionId: input.sessionId,
      path: input.path,
      content: input.content,
      lastEventSeq: input.seq,
      lastModifiedBy: input.origin,
    })
    .onConflictDoUpdate({
      target: [workspaceFiles.sessionId, workspaceFiles.path],
      set: {
        content: input.content,
        lastEventSeq: input.seq,
        lastModifiedBy: input.origin,
        updatedAt: input.now,
      },
    });
}

/** Removes one workspace file. */
export async function deleteWorkspaceFile(tx: Tx, sessionId: string, path: string): Promise<void> {
  await tx
    .delete(workspaceFiles)
    .where(and(eq(workspaceFiles.sessionId, sessionId), eq(workspaceFiles.path, path)));
}

/** Replaces the whole workspace (a new question's starter files). */
export async function replaceWorkspace(
  tx: Tx,
  sessionId: string,
  files: ReadonlyArray<{ path: string; content: string }>,
  seq: number,
): Promise<void> {
  await tx.delete(workspaceFiles).where(eq(workspaceFiles.sessionId, sessionId));
  if (files.length === 0) return;
  await tx.insert(workspaceFiles).values(
    files.map((file) => ({
      sessionId,
      path: file.path,
      content: file.content,
      lastEventSeq: seq,
      lastModifiedBy: 'system' as const,
    })),
  );
}

/** Links a stored run to the timeline event that recorded it. */
export async function setRunEventSeq(tx: Tx | Database, runId: string, seq: number): Promise<void> {
  await tx.update(testRuns).set({ eventSeq: seq }).where(eq(testRuns.id, runId));
}

/** Active sessions whose deadline has passed (the sweeper's backstop for lost deadline jobs). */
export async function overdueSessionIds(db: Database, now: Date, limit = 100): Promise<string[]> {
  const rows = await db
    .select({ id: interviewSessions.id })
    .from(interviewSessions)
    .where(and(eq(interviewSessions.status, 'active'), lte(interviewSessions.deadlineAt, now)))
    .limit(limit);
  return rows.map((row) => row.id);
}
