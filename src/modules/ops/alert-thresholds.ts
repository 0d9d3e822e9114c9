/**
 * The seed's monitoring rules ("Monitoring & Alerting") turned into alerts, so operators need no
 * outside monitor to be told. Pure: the caller gathers worker health and dead-letter stats on its
 * sampling tick, this decides what to raise. Each rule has a stable fingerprint per queue, so a
 * condition that persists alerts once per dedupe window, not once per tick.
 */
import type { AlertEvent } from './alert-message.ts';

/** Limits past which an alert is raised (seed, "Monitoring & Alerting"). */
export const alertThresholds = {
  /** More entries than this in one queue's dead-letter queue raises a warning. */
  deadLetterCount: 5,
  /** A dead-letter entry older than this (24 h) raises a warning: nobody has looked at it. */
  deadLetterAgeMs: 24 * 60 * 60 * 1000,
  /** A worker-health check slower than this (ms) raises a warning: Redis or the process is struggling. */
  healthResponseTimeMs: 5_000,
} as const;

/** What the thresholds are checked against. */
export interface ThresholdInput {
  /** The `/api/health/workers` verdict; it already folds in the seed's totalFailed and redis.connected rules. */
  workerHealth: { status: 'healthy' | 'degraded' | 'unhealthy'; responseTime: number; warnings: string[] };
  /** Dead-letter figures per queue name. */
  deadLetters: Record<string, { count: number; oldestFailure: string | null }>;
  now: Date;
}

type ThresholdEvent = Omit<AlertEvent, 'source' | 'occurredAt'>;

function workerHealthAlert(health: ThresholdInput['workerHealth']): ThresholdEvent | undefined {
  if (health.status === 'healthy') return undefined;
  return {
    // Per status, so going from degraded to unhealthy alerts again within the window.
    fingerprint: `threshold:worker-health:${health.status}`,
    severity: health.status === 'unhealthy' ? 'critical' : 'warning',
    title: `Workers are ${health.status}`,
    summary: health.warnings.length > 0 ? health.warnings.join('; ') : `Worker health is ${health.status}`,
    details: { status: health.status, warnings: health.warnings, responseTimeMs: health.responseTime },
  };
}

function responseTimeAlert(health: ThresholdInput['workerHealth']): ThresholdEvent | undefined {
  if (health.responseTime <= alertThresholds.healthResponseTimeMs) return undefined;
  return {
    fingerprint: 'threshold:health-response-time',
    severity: 'warning',
    title: 'Worker health check is slow',
    summary: `The worker health check took ${Math.round(health.responseTime)} ms (limit ${alertThresholds.healthResponseTimeMs} ms)`,
    details: { responseTimeMs: health.responseTime, limitMs: alertThresholds.healthResponseTimeMs },
  };
}

function deadLetterCountAlert(queue: string, count: number): ThresholdEvent | undefined {
  if (count <= alertThresholds.deadLetterCount) return undefined;
  return {
    fingerprint: `threshold:dlq-count:${queue}`,
    severity: 'warning',
    title: `Dead-letter queue of ${queue} holds ${count} jobs`,
    summary: `${count} jobs of ${queue} failed for good (limit ${alertThresholds.deadLetterCount}); see GET /api/admin/dlq?queue=${queue}`,
    queue,
    details: { count, limit: alertThresholds.deadLetterCount },
  };
}

function deadLetterAgeAlert(
  queue: string,
  oldestFailure: string | null,
  now: Date,
): ThresholdEvent | undefined {
  const failedAt = oldestFailure === null ? Number.NaN : Date.parse(oldestFailure);
  if (Number.isNaN(failedAt)) return undefined;
  const ageMs = now.getTime() - failedAt;
  if (ageMs <= alertThresholds.deadLetterAgeMs) return undefined;
  const hours = Math.floor(ageMs / 3_600_000);
  return {
    fingerprint: `threshold:dlq-age:${queue}`,
    severity: 'warning',
    title: `Dead-letter queue of ${queue} has a job waiting ${hours} h`,
    summary: `The oldest dead job of ${queue} failed at ${oldestFailure} (over 24 h ago) and is still neither retried nor discarded`,
    queue,
    details: { oldestFailure, ageHours: hours, limitHours: alertThresholds.deadLetterAgeMs / 3_600_000 },
  };
}

/** The alerts the current figures call for, in a stable order (health first, then queues by name). */
export function evaluateThresholds(input: ThresholdInput): AlertEvent[] {
  const found: Array<ThresholdEvent | undefined> = [
    workerHealthAlert(input.workerHealth),
    responseTimeAlert(input.workerHealth),
  ];
  for (const queue of Object.keys(input.deadLetters).sort()) {
    const figures = input.deadLetters[queue];
    if (!figures) continue;
    found.push(deadLetterCountAlert(queue, figures.count));
    found.push(deadLetterAgeAlert(queue, figures.oldestFailure, input.now));
  }
  const occurredAt = input.now.toISOString();
  return found
    .filter((event): event is ThresholdEvent => event !== undefined)
    .map((event) => ({ ...event, source: 'threshold', occurredAt }));
}
