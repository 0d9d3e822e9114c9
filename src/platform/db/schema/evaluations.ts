import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations, users } from './accounts.ts';
import { candidates } from './candidates.ts';
import { createdAt, timestamptz, updatedAt } from './columns.ts';
import { evaluationStatusEnum, programmingLanguageEnum, recommendationEnum } from './enums.ts';
import { interviewSessions } from './interviews.ts';
import { questions } from './questions.ts';
import type {
  AbilityEstimate,
  EvaluationDetails,
  EvaluationDimension,
  EvaluationLlmUsage,
  IntegrityReport,
  ScoringWeights,
} from './types.ts';

// The evaluation of a session under one scoring version. UNIQUE(session, scoring_version) makes the
// evaluation job idempotent (upsert) while keeping results of older versions. Result columns are NULL until
// status is `completed` (CHECK); weights are copied in so a later re-weighting never changes a stored score.
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    scoringVersion: text('scoring_version').notNull(),
    status: evaluationStatusEnum('status').notNull().default('pending'),
    overall: doublePrecision('overall'),
    confidence: doublePrecision('confidence'),
    recommendation: recommendationEnum('recommendation'),
    dimensions: jsonb('dimensions').$type<EvaluationDimension[]>(),
    integrity: jsonb('integrity').$type<IntegrityReport>(),
    ability: jsonb('ability').$type<AbilityEstimate>(),
    llm: jsonb('llm').$type<EvaluationLlmUsage>(),
    weights: jsonb('weights').$type<ScoringWeights>().notNull(),
    details: jsonb('details').$type<EvaluationDetails>(),
    error: text('error'),
    completedAt: timestamptz('completed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('evaluations_session_id_scoring_version_key').on(t.sessionId, t.scoringVersion),
    index('evaluations_candidate_id_idx').on(t.candidateId),
    index('evaluations_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    check(
      'evaluations_completed_has_result',
      sql`${t.status} <> 'completed' OR (${t.overall} IS NOT NULL AND ${t.confidence} IS NOT NULL AND ${t.recommendation} IS NOT NULL AND ${t.dimensions} IS NOT NULL)`,
    ),
    check(
      'evaluations_overall_range',
      sql`${t.overall} IS NULL OR (${t.overall} >= 0 AND ${t.overall} <= 100)`,
    ),
    check(
      'evaluations_confidence_range',
      sql`${t.confidence} IS NULL OR (${t.confidence} >= 0 AND ${t.confidence} <= 1)`,
    ),
  ],
);
export type Evaluation = typeof evaluations.$inferSelect;
export type NewEvaluation = typeof evaluations.$inferInsert;

// Winnowing fingerprints of a session's final code for one question, compared with other candidates of the
// same question in the same organization (similarity), and its normalized hash (identical submissions).
export const codeFingerprints = pgTable(
  'code_fingerprints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    language: programmingLanguageEnum('language').notNull(),
    fingerprints: jsonb('fingerprints').$type<number[]>().notNull(),
    normalizedHash: text('normalized_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('code_fingerprints_session_id_question_id_key').on(t.sessionId, t.questionId),
    index('code_fingerprints_organization_id_question_id_idx').on(t.organizationId, t.questionId),
    index('code_fingerprints_normalized_hash_idx').on(t.normalizedHash),
  ],
);
export type CodeFingerprint = typeof codeFingerprints.$inferSelect;
export type NewCodeFingerprint = typeof codeFingerprints.$inferInsert;

// A revocable, expiring read-only link to a candidate's report (token hash only). evaluation_id pins one
// scoring version; NULL shows the latest evaluation.
export const reportShareLinks = pgTable(
  'report_share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    evaluationId: uuid('evaluation_id').references(() => evaluations.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamptz('revoked_at'),
    lastAccessedAt: timestamptz('last_accessed_at'),
    accessCount: integer('access_count').notNull().default(0),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('report_share_links_token_hash_key').on(t.tokenHash),
    index('report_share_links_organization_id_idx').on(t.organizationId),
    index('report_share_links_candidate_id_idx').on(t.candidateId),
  ],
);
export type ReportShareLink = typeof reportShareLinks.$inferSelect;
export type NewReportShareLink = typeof reportShareLinks.$inferInsert;
