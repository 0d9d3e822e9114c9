/**
 * What an alert says and how each channel wants to hear it. Pure: the alert service stores the
 * event, and at delivery time turns it into the body of a generic webhook, a Slack incoming
 * webhook or a PagerDuty Events API v2 call. docs/OPERATIONS.md shows a real body of each.
 */
import { z } from 'zod';
import type { DeadLetterEntry } from './dead-letter.schema.ts';

export const alertSeverities = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

/** One alert, as raised and as stored in `alert_deliveries.payload` (parsed again before sending). */
export const AlertEventSchema = z.object({
  /** Stable identity of the problem: the same fingerprint within the dedupe window alerts once. At most
   * 255 characters, PagerDuty's limit for the dedup_key it becomes. */
  fingerprint: z.string().min(1).max(255),
  severity: z.enum(alertSeverities),
  source: z.enum(['dead-letter', 'threshold']),
  title: z.string().min(1).max(300),
  summary: z.string().max(4_000),
  /** The queue concerned; absent for platform-wide alerts. */
  queue: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  /** ISO 8601. */
  occurredAt: z.string(),
});
export type AlertEvent = z.infer<typeof AlertEventSchema>;

/** Routing rules of a channel (`alert_channels.filters`). */
export interface AlertChannelFilters {
  queues?: string[] | undefined;
  minSeverity?: AlertSeverity | undefined;
}

const PRODUCT = 'InterviewLM';
/** Slack rejects a header block longer than this. */
const SLACK_HEADER_MAX = 150;
/** Slack rejects a section text longer than this. */
const SLACK_TEXT_MAX = 3_000;
/** PagerDuty truncates (or refuses) a summary longer than this. */
const PAGERDUTY_SUMMARY_MAX = 1_024;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The dedupe key of a fingerprint: one per fingerprint per window of `windowSeconds`. */
export function dedupeKeyFor(fingerprint: string, at: Date, windowSeconds: number): string {
  return `${fingerprint}:${Math.floor(at.getTime() / 1000 / windowSeconds)}`;
}

/**
 * Whether a channel wants an event. A channel naming queues gets those queues' alerts plus the
 * platform-wide ones (no queue); a channel naming none gets dead-letter alerts of the critical
 * queues only (ALERT_CRITICAL_QUEUES) and every threshold alert.
 */
export function channelAcceptsEvent(
  filters: AlertChannelFilters,
  event: AlertEvent,
  criticalQueues: readonly string[],
): boolean {
  const floor = filters.minSeverity ? alertSeverities.indexOf(filters.minSeverity) : 0;
  if (alertSeverities.indexOf(event.severity) < floor) return false;
  if (filters.queues && filters.queues.length > 0) {
    return event.queue === undefined || filters.queues.includes(event.queue);
  }
  if (event.source === 'dead-letter')
    return event.queue !== undefined && criticalQueues.includes(event.queue);
  return true;
}

/** The alert a job that stays dead raises (the dead-letter service's `onDead` notice). */
export function deadLetterAlertEvent(notice: { entry: DeadLetterEntry; pattern: string }): AlertEvent {
  const { entry } = notice;
  return {
    // Per queue and failure fingerprint: a burst of identical failures is one alert, a new kind of failure another.
    fingerprint: `dead-letter:${entry.queue}:${entry.fingerprint}`,
    severity: 'critical',
    source: 'dead-letter',
    title: `Job failed for good in ${entry.queue}`,
    summary: truncate(notice.pattern, 1_000),
    queue: entry.queue,
    details: {
      jobId: entry.jobId,
      jobName: entry.name,
      attemptsMade: entry.attemptsMade,
      error: `${entry.error.name}: ${truncate(entry.error.message, 500)}`,
      failureFingerprint: entry.fingerprint,
    },
    occurredAt: entry.failedAt,
  };
}

/** The JSON body of a generic webhook; `deliveryId` lets a receiver drop a redelivery. */
export function formatGenericWebhook(event: AlertEvent, deliveryId: string) {
  return {
    id: deliveryId,
    fingerprint: event.fingerprint,
    severity: event.severity,
    source: event.source,
    title: event.title,
    summary: event.summary,
    queue: event.queue ?? null,
    details: event.details,
    occurredAt: event.occurredAt,
    product: PRODUCT,
  };
}

const slackEmoji: Record<AlertSeverity, string> = {
  info: ':information_source:',
  warning: ':warning:',
  critical: ':rotating_light:',
};

/** Escapes text for Slack mrkdwn so `<`, `>` and `&` in error messages are not read as links or mentions. */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The body of a Slack incoming webhook: Block Kit, with `text` as the notification fallback. */
export function formatSlack(event: AlertEvent) {
  const queue = event.queue ?? 'platform';
  const header = `${event.severity.toUpperCase()}: ${event.title}`;
  return {
    text: truncate(`${slackEmoji[event.severity]} [${PRODUCT}] ${header} (${queue})`, SLACK_TEXT_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(header, SLACK_HEADER_MAX), emoji: true } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(escapeSlack(event.summary) || '(no summary)', SLACK_TEXT_MAX),
        },
        fields: [
          { type: 'mrkdwn', text: `*Severity*\n${event.severity}` },
          { type: 'mrkdwn', text: `*Queue*\n${escapeSlack(queue)}` },
          { type: 'mrkdwn', text: `*Fingerprint*\n\`${escapeSlack(truncate(event.fingerprint, 200))}\`` },
          { type: 'mrkdwn', text: `*Source*\n${event.source}` },
        ],
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${PRODUCT} · ${event.occurredAt}` }],
      },
    ],
  };
}

/** The body of a PagerDuty Events API v2 trigger; the fingerprint is the dedup key, so PagerDuty groups too. */
export function formatPagerDuty(event: AlertEvent, routingKey: string) {
  return {
    routing_key: routingKey,
    event_action: 'trigger' as const,
    dedup_key: event.fingerprint,
    payload: {
      summary: truncate(`${event.title}: ${event.summary}`, PAGERDUTY_SUMMARY_MAX),
      source: 'interviewlm',
      severity: event.severity,
      timestamp: event.occurredAt,
      component: event.queue ?? 'platform',
      group: event.source,
      custom_details: event.details,
    },
  };
}
