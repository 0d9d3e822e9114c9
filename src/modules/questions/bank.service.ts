/**
 * Loads the curated bank into the database (one `questions` row per problem and language, tied
 * by `bank_key`, with its `test_cases`), idempotently: `interviewlm seed` runs it every time,
 * `npm start` when the bank is missing or incomplete.
 */
import { createHash } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { questions } from '../../platform/db/schema/index.ts';
import type { Logger } from '../../platform/logger.ts';
import { loadBank } from './bank.loader.driver.ts';
import { type BankEntry, type BankLanguage, bankLanguages, extensionOf } from './bank.schema.ts';
import { type QuestionDraft, upsertBankQuestion } from './questions.repository.ts';

/** Advisory lock key of bank seeding. */
const BANK_SEED_LOCK = 727_003;

/**
 * What makes two questions "the same problem" for a candidate, whatever the language: the title,
 * the statement and the tests. A candidate is never served a content hash twice.
 */
export function contentHashOf(content: { title: string; description: string; tests: unknown }): string {
  return createHash('sha256')
    .update(JSON.stringify([content.title.trim(), content.description.trim(), content.tests]))
    .digest('hex');
}

/** The database row of a bank problem in one language. */
export function bankDraft(entry: BankEntry, language: BankLanguage): QuestionDraft {
  const { question } = entry;
  return {
    title: question.title,
    description: question.description,
    difficulty: question.difficulty,
    language,
    topics: question.topics,
    estimatedMinutes: question.estimatedMinutes,
    entryPoint: question.entryPoints[language],
    starterFiles: [{ path: `solution.${extensionOf[language]}`, content: entry.starters[language] }],
    referenceSolution: entry.solutions[language],
    rubric: question.rubric,
    irtA: question.irt.a,
    irtB: question.irt.b,
    source: 'bank',
    bankKey: question.slug,
    contentHash: contentHashOf(question),
    tests: question.tests,
  };
}

/** Writes every bank problem in every language; resolves with the counts. */
export async function seedQuestionBank(
  db: Database,
  logger: Logger,
  entries: BankEntry[] = loadBank(),
): Promise<{ problems: number; created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    // API processes starting together must not insert the same bank row twice.
    await tx.execute(sql`select pg_advisory_xact_lock(${BANK_SEED_LOCK})`);
    for (const entry of entries) {
      for (const language of bankLanguages) {
        if ((await upsertBankQuestion(tx, bankDraft(entry, language))) === 'created') created += 1;
        else updated += 1;
      }
    }
  });
  logger.info({ problems: entries.length, created, updated }, 'question bank loaded');
  return { problems: entries.length, created, updated };
}

/** Seeds the bank only when the database holds fewer bank rows than the files describe. */
export async function ensureQuestionBank(db: Database, logger: Logger): Promise<void> {
  const entries = loadBank();
  const [row] = await db
    .select({ rows: count() })
    .from(questions)
    .where(and(eq(questions.source, 'bank')));
  if ((row?.rows ?? 0) >= entries.length * bankLanguages.length) return;
  await seedQuestionBank(db, logger, entries);
}
