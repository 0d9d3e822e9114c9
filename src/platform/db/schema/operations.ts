import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { apiKeys, organizations, users } from './accounts.ts';
import { createdAt, timestamptz, updatedAt } from './columns.ts';
import {
  actorKindEnum,
  alertChannelKindEnum,
  alertDeliveryStatusEnum,
  deadLetterStatusEnum,
  emailStatusEnum,
  llmCallOutcomeEnum,
  webhookEventStatusEnum,
} from './enums.ts';
import { interviewSessions } from './interviews.ts';
import type { AlertChannelFilters, JobError, JsonObject, JsonValue } from './types.ts';

// Durable audit trail of jobs that exhausted their attempts (Redis holds the 30-day working copy).
// UNIQUE(queue, job_id): a retried job that dies again updates its row (retry_count) instead of adding one.
// fingerprint = error class + normalized message + top frames, for grouping and retry-by-fingerprint.
export const deadLetterJobs = pgTable(
  'dead_letter_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    queue: text('queue').notNull(),
    jobId: text('job_id').notNull(),
    name: text('name').notNull(),
    data: jsonb('data').$type<JsonValue>().notNull(),
    error: jsonb('error').$type<JobError>().notNull(),
    attemptsMade: integer('attempts_made').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: deadLetterStatusEnum('status').notNull().default('dead'),
    retryCount: integer('retry_count').notNull().default(0),
    lastRetriedAt: timestamptz('last_retried_at'),
    resolvedByUserId: uuid('resolved_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamptz('resolved_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('dead_letter_jobs_queue_job_id_key').on(t.queue, t.jobId),
    index('dead_letter_jobs_fingerprint_idx').on(t.fingerprint),
    index('dead_letter_jobs_queue_status_idx').on(t.queue, t.status),
    index('dead_letter_jobs_failed_at_idx').on(t.failedAt),
  ],
);
export type DeadLetterJob = typeof deadLetterJobs.$inferSelect;
export type NewDeadLetterJob = typeof deadLetterJobs.$inferInsert;

// Where alerts go. organization_id NULL is a platform (operator) channel. secret is kept in clear because it
// is needed to sign (HMAC) or route (PagerDuty routing key) each alert; API responses must never echo it.
export const alertChannels = pgTable(
  'alert_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: alertChannelKindEnum('kind').notNull(),
    url: text('url').notNull(),
    secret: text('secret'),
    enabled: boolean('enabled').notNull().default(true),
    filters: jsonb('filters').$type<AlertChannelFilters>().notNull().default({}),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('alert_channels_organization_id_idx').on(t.organizationId)],
);
export type AlertChannel = typeof alertChannels.$inferSelect;
export type NewAlertChannel = typeof alertChannels.$inferInsert;

// Log of alerts per channel, also the deduplication lock: dedupe_key is the fingerprint plus the dedupe time
// window, so across all processes only the first INSERT ... ON CONFLICT DO NOTHING for a window sends.
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => alertChannels.id, { onDelete: 'cascade' }),
    fingerprint: text('fingerprint').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    status: alertDeliveryStatusEnum('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    payload: jsonb('payload').$type<JsonObject>().notNull(),
    error: text('error'),
    sentAt: timestamptz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('alert_deliveries_channel_id_dedupe_key_key').on(t.channelId, t.dedupeKey),
    index('alert_deliveries_fingerprint_created_at_idx').on(t.fingerprint, t.createdAt),
  ],
);
export type AlertDelivery = typeof alertDeliveries.$inferSelect;
export type NewAlertDelivery = typeof alertDeliveries.$inferInsert;

// Inbound provider webhooks (Paddle). UNIQUE(provider, event_id) is the idempotency guard: a redelivered
// event is recorded once and processed once.
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<JsonObject>().notNull(),
    status: webhookEventStatusEnum('status').notNull().default('received'),
    error: text('error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamptz('processed_at'),
  },
  (t) => [
    uniqueIndex('webhook_events_provider_event_id_key').on(t.provider, t.eventId),
    index('webhook_events_status_received_at_idx').on(t.status, t.receivedAt),
  ],
);
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type NewWebhookEvent = typeof webhookEvents.$inferInsert;

// Every LLM provider call (assistant, evaluation, question generation), for cost per organization and per
// day, the metrics history and circuit-breaker diagnostics. Cost uses numeric like ai_interactions.cost_usd.
export const llmCalls = pgTable(
  'llm_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => interviewSessions.id, { onDelete: 'set null' }),
    purpose: text('purpose').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costUsd: numeric('cost_usd', { precision: 12, scale: 6, mode: 'number' }).notNull().default(0),
    latencyMs: integer('latency_ms').notNull(),
    outcome: llmCallOutcomeEnum('outcome').notNull(),
    requestId: text('request_id'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [
    index('llm_calls_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    index('llm_calls_created_at_idx').on(t.createdAt),
    index('llm_calls_session_id_idx').on(t.sessionId),
  ],
);
export type LlmCall = typeof llmCalls.$inferSelect;
export type NewLlmCall = typeof llmCalls.$inferInsert;

// Transactional outbox: a job is written in the same transaction as the change it reacts to, and a relay
// enqueues it to BullMQ after commit. dedupe_key doubles as the BullMQ job id, so a double publish is a no-op.
export const outboxJobs = pgTable(
  'outbox_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    queue: text('queue').notNull(),
    jobName: text('job_name').notNull(),
    payload: jsonb('payload').$type<JsonObject>().notNull(),
    dedupeKey: text('dedupe_key'),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    publishedAt: timestamptz('published_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('outbox_jobs_dedupe_key_key').on(t.dedupeKey),
    index('outbox_jobs_unpublished_idx').on(t.availableAt).where(sql`published_at IS NULL`),
  ],
);
export type OutboxJob = typeof outboxJobs.$inferSelect;
export type NewOutboxJob = typeof outboxJobs.$inferInsert;

// Append-only record of security- and business-relevant actions (who did what to which object).
// target_id is text because targets include non-uuid ids (queue job ids, Paddle ids).
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    actorKind: actorKindEnum('actor_kind').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorApiKeyId: uuid('actor_api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    data: jsonb('data').$type<JsonObject>().notNull().default({}),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_logs_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    index('audit_logs_target_idx').on(t.targetType, t.targetId),
    index('audit_logs_actor_user_id_idx').on(t.actorUserId),
  ],
);
export type AuditLog = typeof auditLogs.$inferSelect;
export type NewAuditLog = typeof auditLogs.$inferInsert;

// Outgoing email and the development outbox (status `dev_outbox` when SMTP is not configured, readable in
// the UI). dedupe_key stops a retried job from sending the same message twice.
export const outboundEmails = pgTable(
  'outbound_emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    template: text('template').notNull(),
    status: emailStatusEnum('status').notNull().default('pending'),
    dedupeKey: text('dedupe_key'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    sentAt: timestamptz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('outbound_emails_dedupe_key_key').on(t.dedupeKey),
    index('outbound_emails_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    index('outbound_emails_status_created_at_idx').on(t.status, t.createdAt),
  ],
);
export type OutboundEmail = typeof outboundEmails.$inferSelect;
export type NewOutboundEmail = typeof outboundEmails.$inferInsert;

// Periodic samples for the metrics history (queue depth, DLQ size, cache hit rate...). A bigint identity
// keeps this high-volume table compact; old rows are pruned by sampled_at.
export const metricsSamples = pgTable(
  'metrics_samples',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    value: doublePrecision('value').notNull(),
    sampledAt: timestamp('sampled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('metrics_samples_name_sampled_at_idx').on(t.name, t.sampledAt),
    index('metrics_samples_sampled_at_idx').on(t.sampledAt),
  ],
);
export type MetricsSample = typeof metricsSamples.$inferSelect;
export type NewMetricsSample = typeof metricsSamples.$inferInsert;
