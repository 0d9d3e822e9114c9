/**
 * A running interview session written straight to the database — organization, published
 * assessment, candidate, a question from the seeded bank (or a custom copy of one), the
 * interview_sessions row and its first session_questions row — so tests of the interview runtime
 * and the assistant do not depend on the invitation and start routes.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, notInArray } from 'drizzle-orm';
import { ensureQuestionBank, loadQuestion, type StoredQuestion } from '../../src/modules/questions/index.ts';
import { insertQuestion, type QuestionDraft } from '../../src/modules/questions/questions.repository.ts';
import type { Database } from '../../src/platform/db/client.ts';
import {
  type AiPolicy,
  assessments,
  candidates,
  type Difficulty,
  interviewSessions,
  type ProgrammingLanguage,
  questions,
  sessionQuestions,
} from '../../src/platform/db/schema/index.ts';
import { createTestOrganization } from './accounts.ts';
import { testLogger } from './logger.ts';

/** Changes to the picked bank question; any of them makes the session use a new `generated` copy. */
export interface TestQuestionOverrides {
  title?: string;
  description?: string;
  entryPoint?: string;
  referenceSolution?: string;
  rubric?: QuestionDraft['rubric'];
  starterFiles?: QuestionDraft['starterFiles'];
  /** Replaces every test of the bank question. */
  tests?: QuestionDraft['tests'];
  /** Appended to the bank question's tests (e.g. a hidden test with a value a test can look for). */
  extraTests?: QuestionDraft['tests'];
}

/** Options of `createTestSession`; everything has a default. */
export interface TestSessionOptions {
  /** Default `pair_programming`. */
  aiPolicy?: AiPolicy;
  /** Default `python`. */
  language?: ProgrammingLanguage;
  /** Credits of the new organization (default 10). */
  credits?: number;
  /** Use this organization instead of creating one. */
  organizationId?: string;
  /** Difficulty of the first question (default `easy`). */
  difficulty?: Difficulty;
  /** Use this question (any language must match `language`) instead of a bank pick. */
  questionId?: string;
  /** Make a custom copy of the picked question with these changes. */
  question?: TestQuestionOverrides;
  /** Stored as interview_sessions.credential_hash (default: random), for tests that authenticate a candidate. */
  credentialHash?: string;
  /** Deadline of the session (default: one hour from now). */
  deadlineAt?: Date;
}

/** The rows a test session consists of. */
export interface TestSession {
  organizationId: string;
  assessmentId: string;
  candidateId: string;
  sessionId: string;
  questionId: string;
  language: ProgrammingLanguage;
  aiPolicy: AiPolicy;
  credentialHash: string;
  /** The current question with every test (hidden ones included) and the server-only fields. */
  question: StoredQuestion;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A bank question of `difficulty` in `language` that is not in `exclude`, first by bank key; seeds the bank when empty. */
async function pickBankQuestion(
  db: Database,
  language: ProgrammingLanguage,
  difficulty: Difficulty,
  exclude: string[] = [],
): Promise<string> {
  await ensureQuestionBank(db, testLogger);
  const [row] = await db
    .select({ id: questions.id })
    .from(questions)
    .where(
      and(
        eq(questions.source, 'bank'),
        eq(questions.language, language),
        eq(questions.difficulty, difficulty),
        isNull(questions.archivedAt),
        exclude.length > 0 ? notInArray(questions.id, exclude) : undefined,
      ),
    )
    .orderBy(asc(questions.bankKey))
    .limit(1);
  if (!row) throw new Error(`no ${difficulty} ${language} bank question left to pick`);
  return row.id;
}

async function getQuestion(db: Database, id: string): Promise<StoredQuestion> {
  const question = await loadQuestion(db, id);
  if (!question) throw new Error(`question ${id} does not exist`);
  return question;
}

/** A `generated` copy of `base` with `overrides` applied (a fresh content hash, so it is a new problem). */
async function insertCustomQuestion(
  db: Database,
  base: StoredQuestion,
  overrides: TestQuestionOverrides,
): Promise<string> {
  const tests = [...(overrides.tests ?? base.tests), ...(overrides.extraTests ?? [])];
  return insertQuestion(db, {
    title: overrides.title ?? base.title,
    description: overrides.description ?? base.description,
    difficulty: base.difficulty,
    language: base.language,
    topics: base.topics,
    estimatedMinutes: base.estimatedMinutes,
    entryPoint: overrides.entryPoint ?? base.entryPoint,
    starterFiles: overrides.starterFiles ?? base.starterFiles,
    referenceSolution: overrides.referenceSolution ?? base.referenceSolution,
    rubric: overrides.rubric ?? base.rubric ?? undefined,
    irtA: base.irtA,
    irtB: base.irtB,
    source: 'generated',
    contentHash: `test-${hex(16)}`,
    tests,
  });
}

/** Creates an active interview session on its first question (position 0, question_index 0). */
export async function createTestSession(
  db: Database,
  options: TestSessionOptions = {},
): Promise<TestSession> {
  const language = options.language ?? 'python';
  const aiPolicy = options.aiPolicy ?? 'pair_programming';
  const organizationId = options.organizationId ?? (await createTestOrganization(db, options.credits ?? 10));

  let questionId = options.questionId ?? (await pickBankQuestion(db, language, options.difficulty ?? 'easy'));
  if (options.question) {
    questionId = await insertCustomQuestion(db, await getQuestion(db, questionId), options.question);
  }
  const question = await getQuestion(db, questionId);
  if (question.language !== language) {
    throw new Error(`question ${questionId} is in ${question.language}, the session in ${language}`);
  }

  const [assessment] = await db
    .insert(assessments)
    .values({
      organizationId,
      title: `Assessment ${hex(3)}`,
      role: 'backend',
      seniority: 'mid',
      durationMinutes: 60,
      languages: [language],
      status: 'published',
      aiPolicy,
      difficultyMix: { easy: 0.2, medium: 0.6, hard: 0.2 },
      questionCount: 3,
      publishedAt: new Date(),
    })
    .returning({ id: assessments.id });
  if (!assessment) throw new Error('no assessment');

  const [candidate] = await db
    .insert(candidates)
    .values({
      organizationId,
      assessmentId: assessment.id,
      email: `candidate-${hex(6)}@example.test`,
      name: 'Test Candidate',
      status: 'IN_PROGRESS',
    })
    .returning({ id: candidates.id });
  if (!candidate) throw new Error('no candidate');

  const credentialHash = options.credentialHash ?? `test-credential-${hex(16)}`;
  const startedAt = new Date();
  const [session] = await db
    .insert(interviewSessions)
    .values({
      organizationId,
      candidateId: candidate.id,
      assessmentId: assessment.id,
      language,
      credentialHash,
      consentAt: startedAt,
      startedAt,
      deadlineAt: options.deadlineAt ?? new Date(startedAt.getTime() + 3_600_000),
      currentQuestionId: questionId,
      questionIndex: 0,
    })
    .returning({ id: interviewSessions.id });
  if (!session) throw new Error('no interview session');
  await db.insert(sessionQuestions).values({ sessionId: session.id, questionId, position: 0, startedAt });

  return {
    organizationId,
    assessmentId: assessment.id,
    candidateId: candidate.id,
    sessionId: session.id,
    questionId,
    language,
    aiPolicy,
    credentialHash,
    question,
  };
}

/**
 * Moves `session` on to another question (`questionId`, or the next unused bank question of
 * `difficulty`): a session_questions row at the next position and the session's current question.
 * Resolves with the question; `session` itself is not changed.
 */
export async function addTestSessionQuestion(
  db: Database,
  session: Pick<TestSession, 'sessionId' | 'language'>,
  options: { questionId?: string; difficulty?: Difficulty } = {},
): Promise<StoredQuestion> {
  const served = await db
    .select({ questionId: sessionQuestions.questionId, position: sessionQuestions.position })
    .from(sessionQuestions)
    .where(eq(sessionQuestions.sessionId, session.sessionId));
  const questionId =
    options.questionId ??
    (await pickBankQuestion(
      db,
      session.language,
      options.difficulty ?? 'easy',
      served.map((row) => row.questionId),
    ));
  const position = Math.max(-1, ...served.map((row) => row.position)) + 1;
  await db.insert(sessionQuestions).values({ sessionId: session.sessionId, questionId, position });
  await db
    .update(interviewSessions)
    .set({ currentQuestionId: questionId, questionIndex: position })
    .where(eq(interviewSessions.id, session.sessionId));
  return getQuestion(db, questionId);
}
