/** Loading a session's recording and storing its evaluation. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import {
  assessments,
  evaluations,
  fileSnapshots,
  interviewSessions,
  questions,
  sessionEvents,
  sessionQuestions,
  testResults,
  testRuns,
} from '../../platform/db/schema/index.ts';
import type { RecordedEvent, RecordedRun, SessionRecording } from './recording.ts';

/** The whole recording of a session, including every test result of every run; undefined when unknown. */
export async function loadRecording(db: Database, sessionId: string): Promise<SessionRecording | undefined> {
  const [row] = await db
    .select({
      session: interviewSessions,
      assessment: {
        aiPolicy: assessments.aiPolicy,
        integrityMonitoring: assessments.integrityMonitoring,
        durationMinutes: assessments.durationMinutes,
      },
    })
    .from(interviewSessions)
    .innerJoin(assessments, eq(assessments.id, interviewSessions.assessmentId))
    .where(eq(interviewSessions.id, sessionId));
  if (!row) return undefined;
  const [served, events, runs, snapshots] = await Promise.all([
    db
      .select({ entry: sessionQuestions, question: questions })
      .from(sessionQuestions)
      .innerJoin(questions, eq(questions.id, sessionQuestions.questionId))
      .where(eq(sessionQuestions.sessionId, sessionId))
      .orderBy(asc(sessionQuestions.position)),
    db
      .select()
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, sessionId))
      .orderBy(asc(sessionEvents.seq)),
    db.select().from(testRuns).where(eq(testRuns.sessionId, sessionId)).orderBy(asc(testRuns.createdAt)),
    db
      .select()
      .from(fileSnapshots)
      .where(eq(fileSnapshots.sessionId, sessionId))
      .orderBy(desc(fileSnapshots.eventSeq)),
  ]);
  const results =
    runs.length === 0
      ? []
      : await db
          .select()
          .from(testResults)
          .where(
            inArray(
              testResults.runId,
              runs.map((run) => run.id),
            ),
          )
          .orderBy(asc(testResults.position));
  const recordedRuns: RecordedRun[] = runs.map((run) => ({
    runId: run.id,
    questionId: run.questionId,
    kind: run.kind,
    origin: run.origin,
    status: run.status,
    passed: run.passed,
    failed: run.failed,
    total: run.total,
    eventSeq: run.eventSeq,
    createdAt: run.createdAt.getTime(),
    tests: results
      .filter((result) => result.runId === run.id)
      .map((result) => ({
        testName: result.testName,
        passed: result.passed,
        output: result.output,
        error: result.error,
        duration: result.durationMs,
        hidden: result.hidden,
        weight: result.weight,
      })),
  }));
  const recordedEvents: RecordedEvent[] = events.map((event) => ({
    seq: event.seq,
    ts: event.ts.getTime(),
    type: event.type,
    origin: event.origin,
    questionId: event.questionId,
    filePath: event.filePath,
    data: event.data as Record<string, unknown>,
  }));
  return {
    sessionId,
    organizationId: row.session.organizationId,
    candidateId: row.session.candidateId,
    aiPolicy: row.assessment.aiPolicy,
    integrityMonitoring: row.assessment.integrityMonitoring,
    durationMinutes: row.assessment.durationMinutes,
    startedAt: row.session.startedAt.getTime(),
    completedAt: row.session.completedAt?.getTime() ?? null,
    ability: { theta: row.session.theta, standardError: row.session.thetaSe },
    questions: served.map(({ entry, question }) => {
      const submitted = recordedEvents.find(
        (event) => event.type === 'question.submitted' && event.questionId === question.id,
      );
      const snapshot =
        snapshots.find(
          (candidate) => candidate.questionId === question.id && candidate.reason === 'question_submitted',
        ) ?? snapshots.find((candidate) => candidate.questionId === question.id);
      const starterFiles = question.starterFiles.map((file) => ({ path: file.path, content: file.content }));
      const finalFiles = (snapshot?.files ?? starterFiles).map((file) => ({
        path: file.path,
        content: file.content,
      }));
      const mainFile = starterFiles[0]?.path ?? finalFiles[0]?.path ?? 'solution.py';
      return {
        questionId: question.id,
        position: entry.position,
        title: question.title,
        difficulty: question.difficulty,
        language: question.language,
        irt: { a: question.irtA, b: question.irtB },
        estimatedMinutes: question.estimatedMinutes,
        startedAt: entry.startedAt.getTime(),
        submittedAt: entry.submittedAt?.getTime() ?? null,
        score: entry.score,
        autoSubmitted: entry.autoSubmitted,
        hiddenRunId: entry.hiddenRunId,
        submittedSeq: submitted?.seq ?? null,
        finalFiles,
        mainFile,
        starterFiles,
        rubric: question.rubric
          ? {
              criteria: question.rubric.criteria.map((entry) => ({
                name: entry.name,
                description: entry.description,
              })),
            }
          : null,
      };
    }),
    runs: recordedRuns,
    events: recordedEvents,
  };
}

/** The evaluation row of (session, version), if any. */
export async function findEvaluation(db: Database, sessionId: string, scoringVersion: string) {
  const [row] = await db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.sessionId, sessionId), eq(evaluations.scoringVersion, scoringVersion)));
  return row;
}

/** Inserts or replaces the evaluation of (session, version). */
export async function upsertEvaluation(db: Database, values: typeof evaluations.$inferInsert): Promise<void> {
  const { id: _id, createdAt: _createdAt, ...update } = values;
  await db
    .insert(evaluations)
    .values(values)
    .onConflictDoUpdate({
      target: [evaluations.sessionId, evaluations.scoringVersion],
      set: { ...update, updatedAt: new Date() },
    });
}
