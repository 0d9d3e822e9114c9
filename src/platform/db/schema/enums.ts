import { pgEnum } from 'drizzle-orm/pg-core';

// Postgres enum types shared by the schema. Adding a value needs a migration (ALTER TYPE ... ADD VALUE),
// so only closed sets that the product contracts fix are enums; open-ended labels stay text.

/** Commercial plan of an organization; billing itself is credit based. */
export const organizationPlanEnum = pgEnum('organization_plan', ['free', 'pro', 'enterprise']);
export type OrganizationPlan = (typeof organizationPlanEnum.enumValues)[number];

/** Role of a user inside one organization (API keys act as RECRUITER). */
export const membershipRoleEnum = pgEnum('membership_role', ['OWNER', 'ADMIN', 'RECRUITER', 'VIEWER']);
export type MembershipRole = (typeof membershipRoleEnum.enumValues)[number];

/** Who performed an action recorded in an audit, ledger or history row. */
export const actorKindEnum = pgEnum('actor_kind', ['user', 'api_key', 'candidate', 'system', 'cli']);
export type ActorKind = (typeof actorKindEnum.enumValues)[number];

/** Job family an assessment hires for. */
export const assessmentRoleEnum = pgEnum('assessment_role', [
  'backend',
  'frontend',
  'fullstack',
  'data',
  'ml',
  'custom',
]);
export type AssessmentRole = (typeof assessmentRoleEnum.enumValues)[number];

/** Seniority level; it sets the assessment's default difficulty mix. */
export const seniorityEnum = pgEnum('seniority', ['junior', 'mid', 'senior', 'staff', 'principal']);
export type Seniority = (typeof seniorityEnum.enumValues)[number];

/** Lifecycle of an assessment; only published assessments accept invitations. */
export const assessmentStatusEnum = pgEnum('assessment_status', ['draft', 'published', 'archived']);
export type AssessmentStatus = (typeof assessmentStatusEnum.enumValues)[number];

/** AI assistant policy of an assessment. */
export const aiPolicyEnum = pgEnum('ai_policy', ['off', 'consultant', 'pair_programming', 'full_copilot']);
export type AiPolicy = (typeof aiPolicyEnum.enumValues)[number];

/** Where a question (or an assessment's question plan) comes from. */
export const questionSourceEnum = pgEnum('question_source', ['bank', 'generated', 'seed']);
export type QuestionSource = (typeof questionSourceEnum.enumValues)[number];

/** Question difficulty level; it gives the default IRT difficulty b. */
export const difficultyEnum = pgEnum('difficulty', ['easy', 'medium', 'hard']);
export type Difficulty = (typeof difficultyEnum.enumValues)[number];

/** Languages the sandbox can run. */
export const programmingLanguageEnum = pgEnum('programming_language', ['python', 'javascript', 'typescript']);
export type ProgrammingLanguage = (typeof programmingLanguageEnum.enumValues)[number];

/** Candidate pipeline status. */
export const candidateStatusEnum = pgEnum('candidate_status', [
  'INVITED',
  'IN_PROGRESS',
  'COMPLETED',
  'EVALUATED',
  'ADVANCED',
  'REJECTED',
  'HIRED',
]);
export type CandidateStatus = (typeof candidateStatusEnum.enumValues)[number];

/** Interview session lifecycle; `expired` means the deadline ended it (server-side auto-submit). */
export const interviewSessionStatusEnum = pgEnum('interview_session_status', [
  'active',
  'completed',
  'expired',
  'abandoned',
]);
export type InterviewSessionStatus = (typeof interviewSessionStatusEnum.enumValues)[number];

/** Who caused a session event, test run or workspace change (drives AI-collaboration scoring). */
export const eventOriginEnum = pgEnum('event_origin', ['candidate', 'assistant', 'system']);
export type EventOrigin = (typeof eventOriginEnum.enumValues)[number];

/** Which tests a run executed. */
export const testRunKindEnum = pgEnum('test_run_kind', ['visible', 'hidden', 'adhoc']);
export type TestRunKind = (typeof testRunKindEnum.enumValues)[number];

/** Outcome of a sandbox run as a whole (individual test failures are still `ok`). */
export const testRunStatusEnum = pgEnum('test_run_status', [
  'ok',
  'compile_error',
  'runtime_error',
  'timeout',
  'memory_limit',
  'output_limit',
  'internal_error',
]);
export type TestRunStatus = (typeof testRunStatusEnum.enumValues)[number];

/** Speaker of one message in the AI assistant conversation. */
export const aiMessageRoleEnum = pgEnum('ai_message_role', ['user', 'assistant', 'tool', 'system']);
export type AiMessageRole = (typeof aiMessageRoleEnum.enumValues)[number];

/** Hiring recommendation of an evaluation. */
export const recommendationEnum = pgEnum('recommendation', [
  'strong_hire',
  'hire',
  'no_hire',
  'strong_no_hire',
  'needs_review',
]);
export type Recommendation = (typeof recommendationEnum.enumValues)[number];

/** Progress of an evaluation row. */
export const evaluationStatusEnum = pgEnum('evaluation_status', ['pending', 'completed', 'failed']);
export type EvaluationStatus = (typeof evaluationStatusEnum.enumValues)[number];

/** State of a dead-lettered job in the durable audit trail. */
export const deadLetterStatusEnum = pgEnum('dead_letter_status', ['dead', 'retried', 'discarded']);
export type DeadLetterStatus = (typeof deadLetterStatusEnum.enumValues)[number];

/** Transport of an alert channel. */
export const alertChannelKindEnum = pgEnum('alert_channel_kind', ['webhook', 'slack', 'pagerduty']);
export type AlertChannelKind = (typeof alertChannelKindEnum.enumValues)[number];

/** Result of one alert delivery attempt; `suppressed` records a deduplicated alert. */
export const alertDeliveryStatusEnum = pgEnum('alert_delivery_status', [
  'pending',
  'sent',
  'failed',
  'suppressed',
]);
export type AlertDeliveryStatus = (typeof alertDeliveryStatusEnum.enumValues)[number];

/** Kind of credit ledger entry. */
export const creditLedgerKindEnum = pgEnum('credit_ledger_kind', [
  'purchase',
  'deduction',
  'refund',
  'adjustment',
]);
export type CreditLedgerKind = (typeof creditLedgerKindEnum.enumValues)[number];

/** Processing state of an inbound provider webhook. */
export const webhookEventStatusEnum = pgEnum('webhook_event_status', [
  'received',
  'processed',
  'ignored',
  'failed',
]);
export type WebhookEventStatus = (typeof webhookEventStatusEnum.enumValues)[number];

/** Delivery state of an outbound email; `dev_outbox` means stored only because SMTP is not configured. */
export const emailStatusEnum = pgEnum('email_status', ['pending', 'sent', 'failed', 'dev_outbox']);
export type EmailStatus = (typeof emailStatusEnum.enumValues)[number];

/** Outcome of one LLM provider call. */
export const llmCallOutcomeEnum = pgEnum('llm_call_outcome', [
  'ok',
  'error',
  'timeout',
  'rate_limited',
  'circuit_open',
  'cancelled',
  'offline',
]);
export type LlmCallOutcome = (typeof llmCallOutcomeEnum.enumValues)[number];
