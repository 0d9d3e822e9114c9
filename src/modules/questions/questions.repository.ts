/** Questions and their test cases in the database: the bank, generated questions, lookups. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import {
  interviewSessions,
  problemSeeds,
  questions,
  sessionQuestions,
  testCases,
} from '../../platform/db/schema/index.ts';
import type {
  QuestionGenerationInfo,
  QuestionRubric,
  WorkspaceFileContent,
} from '../../platform/db/schema/types.ts';
import type { BankLanguage, JsonValue } from './bank.schema.ts';

export interface StoredTest {
  name: string;
  args: JsonValue[];
  expected: JsonValue;
  hidden: boolean;
  weight?: number;
  timeoutMs?: number | undefined;
}

/** A question ready to be written: one language, with its tests. */
export interface QuestionDraft {
  organizationId?: string | undefined;
  title: string;
  description: string;
  difficulty: 'easy' | 'medium' | 'hard';
  language: BankLanguage;
  topics: string[];
  estimatedMinutes: number;
  entryPoint: string;
  starterFiles: WorkspaceFileContent[];
  referenceSolution: string;
  rubric?: QuestionRubric | undefined;
  irtA: number;
  irtB: number;
  source: 'bank' | 'generated' | 'seed';
  seedId?: string | undefined;
  bankKey?: string | undefined;
  generation?: QuestionGenerationInfo | undefined;
  contentHash: string;
  tests: StoredTest[];
}

export type StoredQuestion = typeof questions.$inferSelect & { tests: StoredTest[] };

function testRows(questionId: string, tests: StoredTest[]) {
  return tests.map((test, position) => ({
    questionId,
    name: test.name,
    args: test.args,
    expected: test.expected,
    hidden: test.hidden,
    weight: test.weight ?? 1,
    timeoutMs: test.timeoutMs ?? null,
    position,
  }));
}

function questionValues(draft: QuestionDraft) {
  const { tests: _tests, ...values } = draft;
  return { ...values, organizationId: draft.organizationId ?? null, validatedAt: new Date() };
}

/** Inserts a validated question with its tests; resolves with its id. */
export async function insertQuestion(db: Database, draft: QuestionDraft): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(questions).values(questionValues(draft)).returning({ id: questions.id });
    if (!row) throw new Error('the question was not inserted');
    await tx.insert(testCases).values(testRows(row.id, draft.tests));
    return row.id;
  });
}

/** Writes a bank question (one language): updated in place when it exists, tests replaced. */
export async function upsertBankQuestion(db: Database, draft: QuestionDraft): Promise<'created' | 'updated'> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: questions.id })
      .from(questions)
      .where(and(eq(questions.bankKey, draft.bankKey ?? ''), eq(questions.language, draft.language)));
    if (!existing) {
      const [row] = await tx.insert(questions).values(questionValues(draft)).returning({ id: questions.id });
      if (!row) throw new Error('the bank question was not inserted');
      await tx.insert(testCases).values(testRows(row.id, draft.tests));
      return 'created';
    }
    await tx
      .update(questions)
      .set({ ...questionValues(draft), updatedAt: new Date() })
      .where(eq(questions.id, existing.id));
    await tx.delete(testCases).where(eq(testCases.questionId, existing.id));
    await tx.insert(testCases).values(testRows(existing.id, draft.tests));
    return 'updated';
  });
}

/** A question with its tests, in order; undefined when unknown. */
export async function loadQuestion(db: Database, id: string): Promise<StoredQuestion | undefined> {
  const [row] = await db.select().from(questions).where(eq(questions.id, id));
  if (!row) return undefined;
  const tests = await db
    .select()
    .from(testCases)
    .where(eq(testCases.questionId, id))
    .orderBy(asc(testCases.position));
  return {
    ...row,
    tests: tests.map((test) => ({
      name: test.name,
      args: test.args as JsonValue[],
      expected: (test.expected ?? null) as JsonValue,
      hidden: test.hidden,
      weight: test.weight,
      timeoutMs: test.timeoutMs ?? undefined,
    })),
  };
}

/** Content hashes of every question a candidate has been served (any session, any language). */
export async function seenContentHashes(db: Database, candidateId: string): Promise<Set<string>> {
  const rows = await db
    .select({ contentHash: questions.contentHash })
    .from(sessionQuestions)
    .innerJoin(interviewSessions, eq(interviewSessions.id, sessionQuestions.sessionId))
    .innerJoin(questions, eq(questions.id, sessionQuestions.questionId))
    .where(eq(interviewSessions.candidateId, candidateId));
  return new Set(rows.map((row) => row.contentHash));
}

/** Live bank questions of one difficulty and language, by bank key. */
export async function bankQuestions(
  db: Database,
  difficulty: 'easy' | 'medium' | 'hard',
  language: BankLanguage,
) {
  return db
    .select({
      id: questions.id,
      contentHash: questions.contentHash,
      topics: questions.topics,
      bankKey: questions.bankKey,
    })
    .from(questions)
    .where(
      and(
        eq(questions.source, 'bank'),
        eq(questions.difficulty, difficulty),
        eq(questions.language, language),
        isNull(questions.archivedAt),
      ),
    )
    .orderBy(asc(questions.bankKey));
}

/** An organization's problem seed (not archived); undefined when unknown or someone else's. */
export async function loadProblemSeed(db: Database, seedId: string, organizationId?: string) {
  const [row] = await db
    .select()
    .from(problemSeeds)
    .where(
      and(
        eq(problemSeeds.id, seedId),
        isNull(problemSeeds.archivedAt),
        organizationId ? eq(problemSeeds.organizationId, organizationId) : undefined,
      ),
    );
  return row;
}
