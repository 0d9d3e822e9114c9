/**
 * The interview's lifecycle on the server: the intro behind an invitation link, starting (consent
 * → session, credential, first question, workspace), the state a reload resumes from, submitting
 * a question (hidden tests, ability update, next question or completion) and the deadline that
 * submits on its own when the browser is gone.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { fileSnapshots, interviewSessions, sessionQuestions } from '../../platform/db/schema/index.ts';
import type { JsonObject } from '../../platform/db/schema/types.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { QueueRegistry } from '../../platform/queue/queues.ts';
import { estimateAbility } from '../agents/index.ts';
import { requiredPerDifficulty } from '../assessments/index.ts';
import { markInvitationUsed, moveCandidateStatus, resolveInvitationToken } from '../candidates/index.ts';
import { SCORING_VERSION } from '../evaluation/index.ts';
import { loadQuestion, type QuestionGenerator, type StoredQuestion } from '../questions/index.ts';
import type { ExecutionService, RunResult } from '../sandbox/index.ts';
import { issueCandidateCredential } from './candidate-credential.ts';
import { appendEvents, type EventInput, type Tx } from './events.repository.ts';
import {
  findSessionOfCandidate,
  listWorkspaceFiles,
  replaceWorkspace,
  type SessionRow,
  seedIdsOf,
  servedQuestions,
  setRunEventSeq,
} from './interviews.repository.ts';
import {
  type InterviewIntro,
  type InterviewState,
  introOf,
  questionViewOf,
  type SubmitOutcome,
} from './interviews.schema.ts';
import { chooseNextQuestion, type NextQuestion } from './next-question.service.ts';
import { contentHashOfFiles, mainFileOf, sandboxTestsOf } from './question-view.ts';
import { runEventData } from './run-events.ts';
import { getSession, getWritableSession, isPastDeadline } from './session-access.service.ts';

/** Lifecycle use cases; every method takes ids the route already authorized. */
export interface InterviewService {
  intro(token: string): Promise<InterviewIntro>;
  start(
    token: string,
    input: { language?: string | undefined },
  ): Promise<{ sessionId: string; credential: string; resumed: boolean; state: InterviewState }>;
  state(sessionId: string): Promise<InterviewState>;
  /**
   * Submits the current question; `finish` ends the interview whatever is left of the plan. With
   * `questionId`, a repeat (double click, retry after a lost answer) of a question already
   * submitted returns the current state instead of submitting the next question.
   */
  submit(
    sessionId: string,
    options?: { finish?: boolean; auto?: boolean; questionId?: string | undefined },
  ): Promise<SubmitOutcome>;
  /** Called by the deadline job: submits and ends the session if its time is up; false otherwise. */
  submitAtDeadline(sessionId: string): Promise<boolean>;
  /** Schedules the deadline job of a session (idempotent). */
  scheduleDeadline(sessionId: string, deadlineAt: Date): Promise<void>;
}

/** What the service needs. `random` and `now` are injectable so tests are deterministic. */
export interface InterviewServiceOptions {
  db: Database;
  queues: QueueRegistry;
  execution: ExecutionService;
  questions: QuestionGenerator;
  logger: Logger;
  now?: () => Date;
  random?: () => number;
  /** Called when re-opening the link replaced a session's credential (authentication caches forget). */
  onCredentialRotated?: () => void;
  /** Called in the start transaction: the assessment's plan is locked once a candidate started. */
  onSessionStarted?: (tx: Tx, assessmentId: string, at: Date) => Promise<void>;
}

/** One deadline job per session and deadline: moving a deadline schedules a new one. */
const deadlineJobId = (sessionId: string, deadlineAt: Date) =>
  `deadline-${sessionId}-${deadlineAt.getTime()}`;

type ServedQuestion = Awaited<ReturnType<typeof servedQuestions>>[number];

/** What choosing a question needs of a session and its assessment. */
interface PlanContext {
  session: Pick<SessionRow['session'], 'organizationId' | 'candidateId' | 'language'>;
  assessment: Pick<
    SessionRow['assessment'],
    'id' | 'questionCount' | 'difficultyMix' | 'adaptive' | 'questionSource' | 'topics'
  >;
}

/** Ability after the scored questions (EAP, N(0,1) prior). */
function abilityAfter(served: readonly ServedQuestion[]) {
  return estimateAbility(
    served.flatMap((entry) =>
      entry.score === null ? [] : [{ a: entry.irtA, b: entry.irtB, score: entry.score }],
    ),
  );
}

function invitationProblem(reason: 'unknown' | 'revoked' | 'expired' | 'finished'): AppError {
  switch (reason) {
    case 'unknown':
      return new NotFoundError('This interview link');
    case 'revoked':
      return new AppError('GONE', 'This interview link was withdrawn; ask the recruiter for a new one');
    case 'expired':
      return new AppError('GONE', 'This interview link has expired; ask the recruiter for a new one');
    case 'finished':
      return new AppError('CONFLICT', 'This interview is already complete; thank you');
  }
}

/** Creates the lifecycle service. */
export function createInterviewService(options: InterviewServiceOptions): InterviewService {
  const { db, queues, logger } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const log = logger.child({ component: 'interviews' });
  /** One submission at a time per session in this process; the transaction re-check covers others. */
  const submitting = new Map<string, Promise<SubmitOutcome>>();

  async function resolve(token: string) {
    const lookup = await resolveInvitationToken(db, token, now());
    if (!lookup.ok) throw invitationProblem(lookup.reason);
    return lookup;
  }

  async function currentQuestion(row: SessionRow): Promise<StoredQuestion | undefined> {
    if (!row.session.currentQuestionId) return undefined;
    return loadQuestion(db, row.session.currentQuestionId);
  }

  async function buildState(sessionId: string): Promise<InterviewState> {
    const row = await getSession(db, sessionId);
    const [question, files, served] = await Promise.all([
      currentQuestion(row),
      listWorkspaceFiles(db, sessionId),
      servedQuestions(db, sessionId),
    ]);
    const at = now();
    return {
      session: {
        id: row.session.id,
        status: row.session.status,
        language: row.session.language,
        aiPolicy: row.assessment.aiPolicy,
        startedAt: row.session.startedAt.toISOString(),
        deadlineAt: row.session.deadlineAt.toISOString(),
        remainingSeconds: Math.max(0, Math.floor((row.session.deadlineAt.getTime() - at.getTime()) / 1000)),
        questionNumber: served.length,
        questionCount: row.assessment.questionCount,
        lastEventSeq: row.session.lastEventSeq,
        completedAt: row.session.completedAt?.toISOString() ?? null,
      },
      question: question && row.session.status === 'active' ? questionViewOf(question, served.length) : null,
      files: files.map((file) => ({ path: file.path, content: file.content })),
    };
  }

  /** Events and workspace of a newly served question, inside the caller's transaction. */
  async function serveQuestion(
    tx: Tx,
    row: { sessionId: string; position: number },
    next: NextQuestion,
    ability: { theta: number; standardError: number },
    at: Date,
  ): Promise<void> {
    const question = next.question;
    await tx.insert(sessionQuestions).values({
      sessionId: row.sessionId,
      questionId: question.id,
      position: row.position,
      startedAt: at,
    });
    const decision: EventInput = {
      type: 'agent.decision',
      origin: 'system',
      questionId: question.id,
      data: {
        decision: 'next_question',
        theta: ability.theta,
        standardError: ability.standardError,
        difficulty: question.difficulty,
        irt: { a: question.irtA, b: question.irtB },
        reason: next.reason,
        source: next.source,
        position: row.position,
      },
    };
    const files = question.starterFiles.map((file) => ({ path: file.path, content: file.content }));
    const started: EventInput = {
      type: 'question.started',
      origin: 'system',
      questionId: question.id,
      data: { position: row.position, title: question.title, difficulty: question.difficulty, files },
    };
    const { seqs } = await appendEvents(tx, row.sessionId, [decision, started], at);
    const startedSeq = seqs[1] ?? 0;
    await replaceWorkspace(tx, row.sessionId, files, startedSeq);
    await tx
      .insert(fileSnapshots)
      .values({
        sessionId: row.sessionId,
        questionId: question.id,
        eventSeq: startedSeq,
        reason: 'question_started',
        files,
        contentHash: contentHashOfFiles(files),
      })
      .onConflictDoNothing();
    await tx
      .update(interviewSessions)
      .set({
        currentQuestionId: question.id,
        questionIndex: row.position,
        theta: ability.theta,
        thetaSe: ability.standardError,
        updatedAt: at,
      })
      .where(eq(interviewSessions.id, row.sessionId));
  }

  async function nextQuestionFor(row: PlanContext, servedSoFar: ServedQuestion[]) {
    const ability = abilityAfter(servedSoFar);
    if (servedSoFar.length >= row.assessment.questionCount) return { ability, next: undefined };
    const next = await chooseNextQuestion({
      db,
      questions: options.questions,
      random,
      plan: {
        source: row.assessment.questionSource,
        adaptive: row.assessment.adaptive,
        topics: row.assessment.topics,
        seedIds: await seedIdsOf(db, row.assessment.id),
        quota: requiredPerDifficulty(row.assessment.questionCount, row.assessment.difficultyMix),
      },
      session: {
        organizationId: row.session.organizationId,
        candidateId: row.session.candidateId,
        language: row.session.language,
      },
      served: servedSoFar,
      theta: ability.theta,
    });
    return { ability, next };
  }

  async function enqueueAgent(
    sessionId: string,
    kind: 'session_started' | 'question_submitted' | 'session_completed',
    eventSeq: number,
  ) {
    await queues
      .enqueue(
        'interview-agent',
        { version: 1, sessionId, kind, eventSeq },
        { jobId: `${kind}-${sessionId}-${eventSeq}` },
      )
      .catch((error: unknown) =>
        log.warn({ err: error, sessionId, kind }, 'could not notify the interview agent'),
      );
  }

  async function runHiddenTests(row: SessionRow, question: StoredQuestion): Promise<RunResult> {
    const files = await listWorkspaceFiles(db, row.session.id);
    const tests = sandboxTestsOf(question).filter((test) => test.hidden);
    const allTests = tests.length > 0 ? tests : sandboxTestsOf(question);
    return options.execution.run(
      {
        language: row.session.language,
        kind: 'hidden',
        files:
          files.length > 0
            ? files.map((file) => ({ path: file.path, content: file.content }))
            : [{ path: mainFileOf(question, []), content: '' }],
        mainFile: mainFileOf(question, files),
        entryPoint: question.entryPoint,
        tests: allTests,
        sessionId: row.session.id,
        questionId: question.id,
      },
      { organizationId: row.session.organizationId, origin: 'system' },
    );
  }

  /** Weighted share of tests passed (the IRT response), 0 when nothing ran. */
  function scoreOf(result: RunResult, question: StoredQuestion): number {
    const weights = new Map(sandboxTestsOf(question).map((test) => [test.name, test.weight]));
    let total = 0;
    let passed = 0;
    for (const test of result.tests) {
      const weight = weights.get(test.testName) ?? 1;
      total += weight;
      if (test.passed) passed += weight;
    }
    return total === 0 ? 0 : passed / total;
  }

  async function doSubmit(
    sessionId: string,
    submitOptions: { finish?: boolean; auto?: boolean; questionId?: string | undefined },
  ): Promise<SubmitOutcome> {
    const at = now();
    if (submitOptions.questionId) {
      const row = await getSession(db, sessionId);
      if (row.session.currentQuestionId !== submitOptions.questionId || row.session.status !== 'active') {
        const state = await buildState(sessionId);
        return { status: state.session.status === 'active' ? 'next' : 'completed', state };
      }
    }
    const row = submitOptions.auto
      ? await getSession(db, sessionId)
      : await getWritableSession(db, sessionId, at);
    if (row.session.status !== 'active') return { status: 'completed', state: await buildState(sessionId) };
    const question = await currentQuestion(row);
    if (!question) throw new AppError('CONFLICT', 'There is no question to submit');
    const result = await runHiddenTests(row, question);
    const score = scoreOf(result, question);

    const served = await servedQuestions(db, sessionId);
    const current = served.find((entry) => entry.questionId === question.id);
    if (!current || current.submittedAt) return { status: 'next', state: await buildState(sessionId) };
    const afterThis = served.map((entry) => (entry.questionId === question.id ? { ...entry, score } : entry));
    const timeIsUp = isPastDeadline(row, at) || Boolean(submitOptions.auto);
    const { ability, next } =
      submitOptions.finish || timeIsUp
        ? { ability: abilityAfter(afterThis), next: undefined }
        : await nextQuestionFor(row, afterThis);

    const outcome = await db.transaction(async (tx) => {
      // Re-checked under the session lock: a concurrent submit (deadline job, other tab) already did it.
      const [fresh] = await tx
        .select({ submittedAt: sessionQuestions.submittedAt })
        .from(sessionQuestions)
        .innerJoin(interviewSessions, eq(interviewSessions.id, sessionQuestions.sessionId))
        .where(and(eq(sessionQuestions.id, current.id), eq(interviewSessions.status, 'active')))
        .for('update');
      if (!fresh || fresh.submittedAt) return undefined;
      const files = await listWorkspaceFiles(tx, sessionId);
      const snapshotFiles = files.map((file) => ({ path: file.path, content: file.content }));
      const { seqs } = await appendEvents(
        tx,
        sessionId,
        [
          {
            type: 'run.hidden',
            origin: 'system',
            questionId: question.id,
            data: runEventData(result),
          },
          {
            type: 'question.submitted',
            origin: submitOptions.auto ? 'system' : 'candidate',
            questionId: question.id,
            data: {
              position: current.position,
              runId: result.runId,
              score,
              autoSubmitted: Boolean(submitOptions.auto),
              theta: ability.theta,
              standardError: ability.standardError,
            },
          },
        ],
        at,
      );
      const submittedSeq = seqs[1] ?? 0;
      await setRunEventSeq(tx, result.runId, seqs[0] ?? 0);
      await tx
        .update(sessionQuestions)
        .set({
          submittedAt: at,
          score,
          autoSubmitted: Boolean(submitOptions.auto),
          hiddenRunId: result.runId,
        })
        .where(eq(sessionQuestions.id, current.id));
      await tx
        .insert(fileSnapshots)
        .values({
          sessionId,
          questionId: question.id,
          eventSeq: submittedSeq,
          reason: 'question_submitted',
          files: snapshotFiles,
          contentHash: contentHashOfFiles(snapshotFiles),
        })
        .onConflictDoNothing();
      if (next) {
        await serveQuestion(tx, { sessionId, position: afterThis.length }, next, ability, at);
        return { completed: false, lastSeq: submittedSeq };
      }
      const status = timeIsUp ? ('expired' as const) : ('completed' as const);
      const { lastSeq } = await appendEvents(
        tx,
        sessionId,
        [
          {
            type: 'session.completed',
            origin: 'system',
            data: {
              status,
              reason: timeIsUp
                ? 'time_limit'
                : submitOptions.finish
                  ? 'finished_by_candidate'
                  : 'plan_complete',
              questionsServed: afterThis.length,
              theta: ability.theta,
              standardError: ability.standardError,
            } satisfies JsonObject,
          },
        ],
        at,
      );
      await tx
        .update(interviewSessions)
        .set({ status, completedAt: at, theta: ability.theta, thetaSe: ability.standardError, updatedAt: at })
        .where(eq(interviewSessions.id, sessionId));
      return { completed: true, lastSeq };
    });
    if (!outcome)
      return {
        status: row.session.status === 'active' ? 'next' : 'completed',
        state: await buildState(sessionId),
      };

    await enqueueAgent(sessionId, 'question_submitted', outcome.lastSeq);
    if (outcome.completed) {
      await moveCandidateStatus(db, {
        organizationId: row.session.organizationId,
        candidateId: row.session.candidateId,
        to: 'COMPLETED',
        actor: { kind: 'system' },
        reason: timeIsUp ? 'time limit reached' : 'interview completed',
        now: at,
      }).catch((error: unknown) =>
        log.warn({ err: error, sessionId }, 'could not move the candidate to COMPLETED'),
      );
      await enqueueAgent(sessionId, 'session_completed', outcome.lastSeq);
      await queues
        .enqueue(
          'evaluation-agent',
          { version: 1, sessionId, scoringVersion: SCORING_VERSION },
          { jobId: `evaluation-${sessionId}-${SCORING_VERSION}` },
        )
        .catch((error: unknown) => log.error({ err: error, sessionId }, 'could not queue the evaluation'));
      await queues
        .queue('interview-agent')
        .remove(deadlineJobId(sessionId, row.session.deadlineAt))
        .catch(() => undefined);
      log.info({ sessionId, auto: Boolean(submitOptions.auto) }, 'interview completed');
      return { status: 'completed', state: await buildState(sessionId) };
    }
    return { status: 'next', state: await buildState(sessionId) };
  }

  const service: InterviewService = {
    async intro(token) {
      const lookup = await resolve(token);
      const existing = await findSessionOfCandidate(db, lookup.candidate.id);
      return introOf(lookup, existing?.status ?? null);
    },

    async start(token, input) {
      const lookup = await resolve(token);
      const { assessment, candidate, invitation } = lookup;
      if (assessment.status !== 'published') {
        throw new AppError('GONE', 'This assessment is no longer open; ask the recruiter');
      }
      const language = input.language ?? assessment.languages[0];
      if (!language || !assessment.languages.includes(language as never)) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Choose one of the allowed languages: ${assessment.languages.join(', ')}`,
          {
            fields: [{ path: 'language', message: `one of ${assessment.languages.join(', ')}` }],
          },
        );
      }
      const { credential, hash } = issueCandidateCredential();
      const existing = await findSessionOfCandidate(db, candidate.id);
      if (existing) {
        if (existing.status !== 'active') throw invitationProblem('finished');
        // Opening the link again resumes the same session; the previous credential stops working.
        await db
          .update(interviewSessions)
          .set({ credentialHash: hash })
          .where(eq(interviewSessions.id, existing.id));
        options.onCredentialRotated?.();
        return { sessionId: existing.id, credential, resumed: true, state: await buildState(existing.id) };
      }

      const at = now();
      const planContext: PlanContext = {
        session: {
          organizationId: candidate.organizationId,
          candidateId: candidate.id,
          language: language as StoredQuestion['language'],
        },
        assessment,
      };
      const { ability, next } = await nextQuestionFor(planContext, []);
      if (!next)
        throw new AppError(
          'UNAVAILABLE',
          'No question is available for this assessment right now; try again in a minute',
          { retryAfterSeconds: 60 },
        );

      const deadlineAt = new Date(at.getTime() + assessment.durationMinutes * 60_000);
      let sessionId: string;
      try {
        sessionId = await db.transaction(async (tx) => {
          const [session] = await tx
            .insert(interviewSessions)
            .values({
              organizationId: candidate.organizationId,
              candidateId: candidate.id,
              assessmentId: assessment.id,
              language: language as StoredQuestion['language'],
              credentialHash: hash,
              consentAt: at,
              startedAt: at,
              deadlineAt,
              lastActivityAt: at,
            })
            .returning({ id: interviewSessions.id });
          if (!session) throw new Error('the session was not inserted');
          await appendEvents(
            tx,
            session.id,
            [
              {
                type: 'session.started',
                origin: 'candidate',
                data: {
                  language,
                  consent: true,
                  durationMinutes: assessment.durationMinutes,
                  deadlineAt: deadlineAt.toISOString(),
                  aiPolicy: assessment.aiPolicy,
                },
              },
            ],
            at,
          );
          await serveQuestion(tx, { sessionId: session.id, position: 0 }, next, ability, at);
          await options.onSessionStarted?.(tx, assessment.id, at);
          // In the same transaction: a session never exists beside an unused invitation or a
          // candidate still INVITED (a failure here undoes the start; pressing Start again is safe).
          await markInvitationUsed(tx, invitation.id, at);
          await moveCandidateStatus(tx, {
            organizationId: candidate.organizationId,
            candidateId: candidate.id,
            to: 'IN_PROGRESS',
            actor: { kind: 'candidate' },
            reason: 'started the interview',
            now: at,
          }).catch((error: unknown) => {
            // A status the recruiter set by hand that does not lead to IN_PROGRESS: the interview
            // still starts (its own savepoint was rolled back), and the pipeline keeps their choice.
            if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
            log.warn({ err: error, candidateId: candidate.id }, 'candidate not moved to IN_PROGRESS');
          });
          return session.id;
        });
      } catch (error) {
        // Two tabs pressed Start at once: the unique candidate index let one through; resume it.
        const raced = await findSessionOfCandidate(db, candidate.id);
        if (!raced) throw error;
        await db
          .update(interviewSessions)
          .set({ credentialHash: hash })
          .where(eq(interviewSessions.id, raced.id));
        options.onCredentialRotated?.();
        return { sessionId: raced.id, credential, resumed: true, state: await buildState(raced.id) };
      }
      await service.scheduleDeadline(sessionId, deadlineAt);
      await enqueueAgent(sessionId, 'session_started', 1);
      log.info({ sessionId, assessmentId: assessment.id, language }, 'interview started');
      return { sessionId, credential, resumed: false, state: await buildState(sessionId) };
    },

    state: buildState,

    async submit(sessionId, submitOptions = {}) {
      // A submission already running here (double click, deadline job) finishes first; this one
      // then sees its outcome: the next question to submit, or an ended session (409).
      await submitting.get(sessionId)?.catch(() => undefined);
      const work = doSubmit(sessionId, submitOptions);
      submitting.set(sessionId, work);
      try {
        return await work;
      } finally {
        if (submitting.get(sessionId) === work) submitting.delete(sessionId);
      }
    },

    async submitAtDeadline(sessionId) {
      const row = await findSessionForDeadline(db, sessionId);
      if (row?.status !== 'active') return false;
      if (row.deadlineAt.getTime() > now().getTime()) {
        // Early (clock skew, or the deadline moved): come back at the real deadline, under a new
        // job id since this job still holds the old one.
        const delayMs = row.deadlineAt.getTime() - now().getTime();
        await queues.enqueue(
          'interview-agent',
          { version: 1, sessionId, kind: 'deadline_reached' },
          { jobId: `${deadlineJobId(sessionId, row.deadlineAt)}-again-${now().getTime()}`, delayMs },
        );
        return false;
      }
      await service.submit(sessionId, { auto: true, finish: true });
      return true;
    },

    async scheduleDeadline(sessionId, deadlineAt) {
      const delayMs = Math.max(0, deadlineAt.getTime() - now().getTime());
      await queues
        .enqueue(
          'interview-agent',
          { version: 1, sessionId, kind: 'deadline_reached' },
          { jobId: deadlineJobId(sessionId, deadlineAt), delayMs },
        )
        .catch((error: unknown) =>
          // The overdue-session sweep is the backstop when Redis is down at this moment.
          log.warn({ err: error, sessionId }, 'could not schedule the deadline job'),
        );
    },
  };
  return service;
}

async function findSessionForDeadline(db: Database, sessionId: string) {
  const [row] = await db
    .select({ status: interviewSessions.status, deadlineAt: interviewSessions.deadlineAt })
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId));
  return row;
}
