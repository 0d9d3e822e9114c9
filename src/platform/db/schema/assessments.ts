import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './accounts.ts';
import { createdAt, timestamptz, updatedAt } from './columns.ts';
import {
  aiPolicyEnum,
  assessmentRoleEnum,
  assessmentStatusEnum,
  programmingLanguageEnum,
  questionSourceEnum,
  seniorityEnum,
} from './enums.ts';
import { problemSeeds } from './questions.ts';
import type { DifficultyMix } from './types.ts';

// A coding assessment and its question plan (question_count, question_source, adaptive, topics; seeds in
// assessment_seeds). locked_at is set when the first candidate starts (markAssessmentStarted): from then on
// role, seniority, languages and plan are frozen so every candidate is measured the same way.
export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    role: assessmentRoleEnum('role').notNull(),
    seniority: seniorityEnum('seniority').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    languages: programmingLanguageEnum('languages').array().notNull(),
    status: assessmentStatusEnum('status').notNull().default('draft'),
    aiPolicy: aiPolicyEnum('ai_policy').notNull().default('pair_programming'),
    integrityMonitoring: boolean('integrity_monitoring').notNull().default(true),
    difficultyMix: jsonb('difficulty_mix').$type<DifficultyMix>().notNull(),
    questionCount: integer('question_count').notNull(),
    questionSource: questionSourceEnum('question_source').notNull().default('bank'),
    adaptive: boolean('adaptive').notNull().default(true),
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: timestamptz('published_at'),
    archivedAt: timestamptz('archived_at'),
    lockedAt: timestamptz('locked_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('assessments_organization_id_status_idx').on(t.organizationId, t.status),
    index('assessments_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    check('assessments_duration_positive', sql`${t.durationMinutes} > 0`),
    check('assessments_question_count_positive', sql`${t.questionCount} > 0`),
    check('assessments_languages_not_empty', sql`cardinality(${t.languages}) > 0`),
  ],
);
export type Assessment = typeof assessments.$inferSelect;
export type NewAssessment = typeof assessments.$inferInsert;

// The problem seeds an assessment draws from when its question_source is `seed`. A seed in use cannot be
// deleted (NO ACTION), only archived; deleting the whole organization still cascades through both sides.
export const assessmentSeeds = pgTable(
  'assessment_seeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    seedId: uuid('seed_id')
      .notNull()
      .references(() => problemSeeds.id),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('assessment_seeds_assessment_id_seed_id_key').on(t.assessmentId, t.seedId),
    uniqueIndex('assessment_seeds_assessment_id_position_key').on(t.assessmentId, t.position),
    index('assessment_seeds_seed_id_idx').on(t.seedId),
  ],
);
export type AssessmentSeed = typeof assessmentSeeds.$inferSelect;
export type NewAssessmentSeed = typeof assessmentSeeds.$inferInsert;
