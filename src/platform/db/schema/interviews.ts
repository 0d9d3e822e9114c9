import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './accounts.ts';
import { assessments } from './assessments.ts';
import { candidates } from './candidates.ts';
import { createdAt, timestamptz, updatedAt } from './columns.ts';
import {
  aiMessageRoleEnum,
  eventOriginEnum,
  interviewSessionStatusEnum,
  programmingLanguageEnum,
  testRunKindEnum,
  testRunStatusEnum,
} from './enums.ts';
import { questions, testCases } from './questions.ts';
import type { AiToolCall, InterviewAgentState, JsonObject, WorkspaceFileContent } from './types.ts';

// A candidate's one interview (UNIQUE candidate_id: opening the link twice resumes, never forks).
// last_event_seq is the per-session event counter: writers lock this row, read it, insert events with the
// next numbers and store the new value in the same transaction, so seq is gap-free (a rollback rolls the
// counter back too) and concurrent batches for one session are serialized. credential_hash is the hash of
// the candidate-scoped bearer credential issued at start.
export const interviewSessions = pgTable(
  'interview_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id),
    status: interviewSessionStatusEnum('status').notNull().default('active'),
    language: programmingLanguageEnum('language').notNull(),
    credentialHash: text('credential_hash').notNull(),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    completedAt: timestamptz('completed_at'),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
    currentQuestionId: uuid('current_question_id').references(() => questions.id, { onDelete: 'set null' }),
    questionIndex: integer('question_index').notNull().default(0),
    theta: doublePrecision('theta').notNull().default(0),
    thetaSe: doublePrecision('theta_se').notNull().default(1),
    lastEventSeq: bigint('last_event_seq', { mode: 'number' }).notNull().default(0),
    aiTokensUsed: integer('ai_tokens_used').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('interview_sessions_candidate_id_key').on(t.candidateId),
    uniqueIndex('interview_sessions_credential_hash_key').on(t.credentialHash),
    index('interview_sessions_organization_id_status_idx').on(t.organizationId, t.status),
    index('interview_sessions_organization_id_started_at_idx').on(t.organizationId, t.startedAt),
    index('interview_sessions_assessment_id_idx').on(t.assessmentId),
    index('interview_sessions_active_deadline_idx').on(t.deadlineAt).where(sql`status = 'active'`),
    check(
      'interview_sessions_ended_has_completed_at',
      sql`${t.status} = 'active' OR ${t.completedAt} IS NOT NULL`,
    ),
    check('interview_sessions_deadline_after_start', sql`${t.deadlineAt} > ${t.startedAt}`),
    check('interview_sessions_last_event_seq_non_negative', sql`${t.lastEventSeq} >= 0`),
  ],
);
export type InterviewSession = typeof interviewSessions.$inferSelect;
export type NewInterviewSession = typeof interviewSessions.$inferInsert;

// One question served in a session, in order. UNIQUE(session, question) enforces "never the same question
// twice for a candidate". score is the IRT response: the test-weighted fraction of hidden tests passed (0..1).
// A question used by a session cannot be deleted (NO ACTION); archive it instead.
export const sessionQuestions = pgTable(
  'session_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id),
    position: integer('position').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamptz('submitted_at'),
    score: doublePrecision('score'),
    autoSubmitted: boolean('auto_submitted').notNull().default(false),
    hiddenRunId: uuid('hidden_run_id').references(() => testRuns.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('session_questions_session_id_position_key').on(t.sessionId, t.position),
    uniqueIndex('session_questions_session_id_question_id_key').on(t.sessionId, t.questionId),
    index('session_questions_question_id_idx').on(t.questionId),
    check('session_questions_score_range', sql`${t.score} IS NULL OR (${t.score} >= 0 AND ${t.score} <= 1)`),
  ],
);
export type SessionQuestion = typeof sessionQuestions.$inferSelect;
export type NewSessionQuestion = typeof sessionQuestions.$inferInsert;

// The append-only session recording. seq is assigned by the server from interview_sessions.last_event_seq
// (gap-free); client_seq is the client's own counter, and its partial unique index makes a retried batch a
// no-op (filter known client_seq values under the session lock before numbering, the index is the backstop).
// question_id is deliberately not a foreign key: nothing may rewrite the log, and questions a session used
// cannot be deleted anyway. ts is when it happened; created_at is when the server stored it.
export const sessionEvents = pgTable(
  'session_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    clientSeq: bigint('client_seq', { mode: 'number' }),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    type: text('type').notNull(),
    origin: eventOriginEnum('origin').notNull().default('candidate'),
    questionId: uuid('question_id'),
    filePath: text('file_path'),
    data: jsonb('data').$type<JsonObject>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    unique('session_events_session_id_seq_key').on(t.sessionId, t.seq),
    uniqueIndex('session_events_session_id_client_seq_key')
      .on(t.sessionId, t.clientSeq)
      .where(sql`client_seq IS NOT NULL`),
    index('session_events_session_id_type_idx').on(t.sessionId, t.type),
    check('session_events_seq_positive', sql`${t.seq} > 0`),
  ],
);
export type SessionEvent = typeof sessionEvents.$inferSelect;
export type NewSessionEvent = typeof sessionEvents.$inferInsert;

// A full copy of the workspace at a point of the timeline (question submitted, periodic checkpoint), so the
// replay can seek without replaying every diff. UNIQUE(session, event_seq) makes a re-run job idempotent.
export const fileSnapshots = pgTable(
  'file_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id').references(() => questions.id, { onDelete: 'set null' }),
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    files: jsonb('files').$type<WorkspaceFileContent[]>().notNull(),
    contentHash: text('content_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('file_snapshots_session_id_event_seq_key').on(t.sessionId, t.eventSeq)],
);
export type FileSnapshot = typeof fileSnapshots.$inferSelect;
export type NewFileSnapshot = typeof fileSnapshots.$inferInsert;

// The live workspace of a session (what a reload resumes from). It holds the current question's files only:
// moving to the next question snapshots it into file_snapshots and replaces it. last_event_seq ties the
// stored content to the timeline; last_modified_by feeds "how much of the final code came from the AI".
export const workspaceFiles = pgTable(
  'workspace_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    content: text('content').notNull(),
    lastEventSeq: bigint('last_event_seq', { mode: 'number' }),
    lastModifiedBy: eventOriginEnum('last_modified_by').notNull().default('system'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('workspace_files_session_id_path_key').on(t.sessionId, t.path)],
);
export type WorkspaceFile = typeof workspaceFiles.$inferSelect;
export type NewWorkspaceFile = typeof workspaceFiles.$inferInsert;

// One sandbox run (RunResult). Every run is stored, including ad-hoc runs outside a session (question
// validation, previews), hence the nullable session, question and organization. origin tells candidate runs
// from assistant runs (was AI output verified?). stdout/stderr are stored already truncated.
export const testRuns = pgTable(
  'test_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => interviewSessions.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id').references(() => questions.id, { onDelete: 'set null' }),
    language: programmingLanguageEnum('language').notNull(),
    kind: testRunKindEnum('kind').notNull(),
    status: testRunStatusEnum('status').notNull(),
    origin: eventOriginEnum('origin').notNull().default('candidate'),
    passed: integer('passed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    total: integer('total').notNull().default(0),
    stdout: text('stdout').notNull().default(''),
    stderr: text('stderr').notNull().default(''),
    durationMs: integer('duration_ms').notNull(),
    eventSeq: bigint('event_seq', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('test_runs_session_id_created_at_idx').on(t.sessionId, t.createdAt),
    index('test_runs_question_id_idx').on(t.questionId),
    index('test_runs_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    check(
      'test_runs_counts_consistent',
      sql`${t.passed} >= 0 AND ${t.failed} >= 0 AND ${t.passed} + ${t.failed} <= ${t.total}`,
    ),
  ],
);
export type TestRun = typeof testRuns.$inferSelect;
export type NewTestRun = typeof testRuns.$inferInsert;

// One test of a run (TestResult: testName, passed, output, error, duration, hidden). test_name and weight are
// copied from the test case so results stay meaningful if the question is edited later. output is text
// because it is a truncated rendering of the value the code returned.
export const testResults = pgTable(
  'test_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => testRuns.id, { onDelete: 'cascade' }),
    testCaseId: uuid('test_case_id').references(() => testCases.id, { onDelete: 'set null' }),
    testName: text('test_name').notNull(),
    passed: boolean('passed').notNull(),
    output: text('output'),
    error: text('error'),
    durationMs: doublePrecision('duration_ms').notNull().default(0),
    hidden: boolean('hidden').notNull().default(false),
    weight: doublePrecision('weight').notNull().default(1),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('test_results_run_id_position_key').on(t.runId, t.position),
    index('test_results_test_case_id_idx').on(t.testCaseId),
  ],
);
export type TestResultRow = typeof testResults.$inferSelect;
export type NewTestResultRow = typeof testResults.$inferInsert;

// One message of the AI assistant conversation, kept per (session, question) and reset between questions;
// turn_index orders the messages of one question's conversation (unique, so a retried write cannot duplicate
// a message). Tokens, latency and cost are recorded for the limits and for analytics.
export const aiInteractions = pgTable(
  'ai_interactions',
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
      .references(() => questions.id),
    turnIndex: integer('turn_index').notNull(),
    role: aiMessageRoleEnum('role').notNull(),
    content: text('content').notNull(),
    toolCalls: jsonb('tool_calls').$type<AiToolCall[]>(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    latencyMs: integer('latency_ms'),
    costUsd: numeric('cost_usd', { precision: 12, scale: 6, mode: 'number' }).notNull().default(0),
    provider: text('provider'),
    model: text('model'),
    stopReason: text('stop_reason'),
    eventSeq: bigint('event_seq', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ai_interactions_session_id_question_id_turn_index_key').on(
      t.sessionId,
      t.questionId,
      t.turnIndex,
    ),
    index('ai_interactions_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    index('ai_interactions_question_id_idx').on(t.questionId),
  ],
);
export type AiInteraction = typeof aiInteractions.$inferSelect;
export type NewAiInteraction = typeof aiInteractions.$inferInsert;

// The interview agent's live state per session, for idempotent event processing: a job applies only events
// with seq > last_processed_event_seq and advances it in the same transaction; version guards concurrent
// writers (compare-and-set).
export const agentStates = pgTable('agent_states', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => interviewSessions.id, { onDelete: 'cascade' }),
  state: jsonb('state').$type<InterviewAgentState>().notNull().default({}),
  lastProcessedEventSeq: bigint('last_processed_event_seq', { mode: 'number' }).notNull().default(0),
  version: integer('version').notNull().default(0),
  updatedAt: updatedAt(),
});
export type AgentState = typeof agentStates.$inferSelect;
export type NewAgentState = typeof agentStates.$inferInsert;
