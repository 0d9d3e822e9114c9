import { describe, expect, it } from 'vitest';
import { AlertEventSchema } from './alert-message.ts';
import { alertThresholds, evaluateThresholds } from './alert-thresholds.ts';

const now = new Date('2025-03-02T12:00:00.000Z');
const healthy = { status: 'healthy' as const, responseTime: 12, warnings: [] };
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

describe('evaluateThresholds', () => {
  it('raises nothing when everything is within limits', () => {
    expect(
      evaluateThresholds({
        workerHealth: healthy,
        deadLetters: {
          'interview-agent': { count: alertThresholds.deadLetterCount, oldestFailure: hoursAgo(23) },
          notification: { count: 0, oldestFailure: null },
        },
        now,
      }),
    ).toEqual([]);
  });

  it('raises a critical alert for unhealthy workers and a warning for degraded ones, with distinct fingerprints', () => {
    const [unhealthy] = evaluateThresholds({
      workerHealth: { status: 'unhealthy', responseTime: 20, warnings: ['Redis is unreachable'] },
      deadLetters: {},
      now,
    });
    expect(unhealthy).toEqual({
      fingerprint: 'threshold:worker-health:unhealthy',
      severity: 'critical',
      source: 'threshold',
      title: 'Workers are unhealthy',
      summary: 'Redis is unreachable',
      details: { status: 'unhealthy', warnings: ['Redis is unreachable'], responseTimeMs: 20 },
      occurredAt: now.toISOString(),
    });
    const [degraded] = evaluateThresholds({
      workerHealth: { status: 'degraded', responseTime: 20, warnings: [] },
      deadLetters: {},
      now,
    });
    expect(degraded).toMatchObject({ fingerprint: 'threshold:worker-health:degraded', severity: 'warning' });
  });

  it('raises a warning when the health check is slower than 5 s, not at exactly 5 s', () => {
    const at = (responseTime: number) =>
      evaluateThresholds({ workerHealth: { ...healthy, responseTime }, deadLetters: {}, now });
    expect(at(5_000)).toEqual([]);
    expect(at(5_001)).toEqual([
      expect.objectContaining({ fingerprint: 'threshold:health-response-time', severity: 'warning' }),
    ]);
  });

  it('raises per queue for more than 5 dead jobs and for a dead job older than 24 h', () => {
    const alerts = evaluateThresholds({
      workerHealth: healthy,
      deadLetters: {
        'interview-agent': { count: 6, oldestFailure: hoursAgo(1) },
        'evaluation-agent': { count: 1, oldestFailure: hoursAgo(25) },
      },
      now,
    });
    expect(alerts.map((alert) => [alert.fingerprint, alert.severity, alert.queue])).toEqual([
      ['threshold:dlq-age:evaluation-agent', 'warning', 'evaluation-agent'],
      ['threshold:dlq-count:interview-agent', 'warning', 'interview-agent'],
    ]);
    expect(alerts[0]?.details).toEqual({ oldestFailure: hoursAgo(25), ageHours: 25, limitHours: 24 });
    expect(alerts[1]?.details).toEqual({ count: 6, limit: 5 });
  });

  it('ignores an unreadable oldest-failure time rather than alerting on it', () => {
    expect(
      evaluateThresholds({
        workerHealth: healthy,
        deadLetters: { 'interview-agent': { count: 1, oldestFailure: 'not a date' } },
        now,
      }),
    ).toEqual([]);
  });

  it('keeps the same fingerprints on every evaluation, so a lasting condition is deduplicated', () => {
    const input = {
      workerHealth: { status: 'degraded' as const, responseTime: 6_000, warnings: ['slow'] },
      deadLetters: { 'code-execution': { count: 9, oldestFailure: hoursAgo(30) } },
      now,
    };
    const first = evaluateThresholds(input).map((alert) => alert.fingerprint);
    const later = evaluateThresholds({ ...input, now: new Date(now.getTime() + 60_000) }).map(
      (alert) => alert.fingerprint,
    );
    expect(later).toEqual(first);
    expect(first).toEqual([
      'threshold:worker-health:degraded',
      'threshold:health-response-time',
      'threshold:dlq-count:code-execution',
      'threshold:dlq-age:code-execution',
    ]);
    for (const alert of evaluateThresholds(input))
      expect(AlertEventSchema.safeParse(alert).success).toBe(true);
  });
});
