import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations, users } from './accounts.ts';
import { createdAt, timestamptz, updatedAt } from './columns.ts';
import { difficultyEnum, programmingLanguageEnum, questionSourceEnum } from './enums.ts';
import type {
  JsonValue,
  QuestionGenerationInfo,
  QuestionRubric,
  SeedStarter,
  SeedTestCase,
  WorkspaceFileContent,
} from './types.ts';

// An organization's own problem, from which questions with source `seed` are built. Seeds are archived,
// never deleted, once an assessment or a question refers to them.
export const problemSeeds = pgTable(
  'problem_seeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    difficulty: difficultyEnum('difficulty').notNull(),
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    languages: programmingLanguageEnum('languages').array().notNull(),
    starters: jsonb('starters').$type<SeedStarter[]>().notNull().default([]),
    tests: jsonb('tests').$type<SeedTestCase[]>().notNull().default([]),
    rubric: jsonb('rubric').$type<QuestionRubric>(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    archivedAt: timestamptz('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('problem_seeds_organization_id_idx').on(t.organizationId),
    check('problem_seeds_languages_not_empty', sql`cardinality(${t.languages}) > 0`),
  ],
);
export type ProblemSeed = typeof problemSeeds.$inferSelect;
export type NewProblemSeed = typeof problemSeeds.$inferInsert;

// A concrete question in one language. organization_id is NULL for the curated bank and for shared
// generated questions. reference_solution and rubric are server only. A bank problem has one row per
// language, tied together by bank_key. A question that a session has used is never deleted (archive it).
export const questions = pgTable(
  'questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    difficulty: difficultyEnum('difficulty').notNull(),
    language: programmingLanguageEnum('language').notNull(),
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    estimatedMinutes: integer('estimated_minutes').notNull(),
    entryPoint: text('entry_point').notNull(),
    starterFiles: jsonb('starter_files').$type<WorkspaceFileContent[]>().notNull().default([]),
    referenceSolution: text('reference_solution').notNull(),
    rubric: jsonb('rubric').$type<QuestionRubric>(),
    irtA: doublePrecision('irt_a').notNull().default(1),
    irtB: doublePrecision('irt_b').notNull(),
    source: questionSourceEnum('source').notNull(),
    seedId: uuid('seed_id').references(() => problemSeeds.id, { onDelete: 'set null' }),
    bankKey: text('bank_key'),
    generation: jsonb('generation').$type<QuestionGenerationInfo>(),
    contentHash: text('content_hash').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    validatedAt: timestamptz('validated_at'),
    archivedAt: timestamptz('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('questions_bank_key_language_key').on(t.bankKey, t.language),
    index('questions_organization_id_idx').on(t.organizationId),
    index('questions_selection_idx').on(t.language, t.difficulty),
    index('questions_seed_id_idx').on(t.seedId),
    index('questions_content_hash_idx').on(t.contentHash),
    check('questions_bank_has_key', sql`${t.source} <> 'bank' OR ${t.bankKey} IS NOT NULL`),
    check('questions_irt_a_positive', sql`${t.irtA} > 0`),
    check('questions_estimated_minutes_positive', sql`${t.estimatedMinutes} > 0`),
  ],
);
export type Question = typeof questions.$inferSelect;
export type NewQuestion = typeof questions.$inferInsert;

// A language-neutral test: call the entry point with `args`, compare with `expected` by deep equality.
// Hidden rows never leave the server. SQL NULL in `expected` is the JSON value null (drizzle maps null so).
export const testCases = pgTable(
  'test_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    args: jsonb('args').$type<JsonValue[]>().notNull(),
    expected: jsonb('expected').$type<JsonValue>(),
    hidden: boolean('hidden').notNull().default(false),
    weight: doublePrecision('weight').notNull().default(1),
    timeoutMs: integer('timeout_ms'),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('test_cases_question_id_position_key').on(t.questionId, t.position),
    uniqueIndex('test_cases_question_id_name_key').on(t.questionId, t.name),
    check('test_cases_args_is_array', sql`jsonb_typeof(${t.args}) = 'array'`),
    check('test_cases_weight_positive', sql`${t.weight} > 0`),
    check('test_cases_timeout_positive', sql`${t.timeoutMs} IS NULL OR ${t.timeoutMs} > 0`),
  ],
);
export type TestCase = typeof testCases.$inferSelect;
export type NewTestCase = typeof testCases.$inferInsert;
