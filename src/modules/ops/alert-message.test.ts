import { describe, expect, it } from 'vitest';
import {
  type AlertEvent,
  AlertEventSchema,
  channelAcceptsEvent,
  deadLetterAlertEvent,
  dedupeKeyFor,
  formatGenericWebhook,
  formatPagerDuty,
  formatSlack,
} from './alert-message.ts';

const event: AlertEvent = {
  fingerprint: 'dead-letter:interview-agent:3f2a9c01d4e5b6a7',
  severity: 'critical',
  source: 'dead-letter',
  title: 'Job failed for good in interview-agent',
  summary: 'TypeError: Cannot read properties of undefined (reading "seq")',
  queue: 'interview-agent',
  details: { jobId: '42', attemptsMade: 3 },
  occurredAt: '2025-03-01T10:15:00.000Z',
};

describe('dedupeKeyFor', () => {
  it('gives one key per fingerprint per window and a new one in the next window', () => {
    const start = new Date('2025-03-01T10:00:00.000Z');
    const sameWindow = new Date(start.getTime() + 3_599_000);
    const nextWindow = new Date(start.getTime() + 3_600_000);
    expect(dedupeKeyFor('fp', start, 3_600)).toBe(`fp:${start.getTime() / 1000 / 3_600}`);
    expect(dedupeKeyFor('fp', sameWindow, 3_600)).toBe(dedupeKeyFor('fp', start, 3_600));
    expect(dedupeKeyFor('fp', nextWindow, 3_600)).not.toBe(dedupeKeyFor('fp', start, 3_600));
    expect(dedupeKeyFor('other', start, 3_600)).not.toBe(dedupeKeyFor('fp', start, 3_600));
  });
});

describe('formatGenericWebhook', () => {
  it('carries every field of the event, the delivery id and the product', () => {
    expect(formatGenericWebhook(event, 'd-1')).toEqual({
      id: 'd-1',
      fingerprint: event.fingerprint,
      severity: 'critical',
      source: 'dead-letter',
      title: event.title,
      summary: event.summary,
      queue: 'interview-agent',
      details: { jobId: '42', attemptsMade: 3 },
      occurredAt: event.occurredAt,
      product: 'InterviewLM',
    });
  });

  it('sends queue as null for a platform-wide alert, so the key is always present', () => {
    const { queue: _queue, ...platformWide } = event;
    const body = JSON.parse(JSON.stringify(formatGenericWebhook(platformWide, 'd-2')));
    expect(body).toHaveProperty('queue', null);
  });
});

describe('formatSlack', () => {
  it('has a text fallback and header, section with fields, and context blocks', () => {
    const body = formatSlack(event);
    expect(body.text).toContain('CRITICAL: Job failed for good in interview-agent');
    expect(body.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'CRITICAL: Job failed for good in interview-agent', emoji: true },
    });
    const section = body.blocks[1] as { text: { text: string }; fields: Array<{ text: string }> };
    expect(section.text.text).toBe(event.summary);
    expect(section.fields.map((field) => field.text)).toEqual([
      '*Severity*\ncritical',
      '*Queue*\ninterview-agent',
      `*Fingerprint*\n\`${event.fingerprint}\``,
      '*Source*\ndead-letter',
    ]);
    expect(JSON.stringify(body.blocks[2])).toContain(event.occurredAt);
  });

  it('escapes mrkdwn control characters and keeps the header within Slack limits', () => {
    const body = formatSlack({
      ...event,
      title: 'x'.repeat(400),
      summary: 'failed <@channel> & <https://evil>',
    });
    const header = body.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    const section = body.blocks[1] as { text: { text: string } };
    expect(section.text.text).toBe('failed &lt;@channel&gt; &amp; &lt;https://evil&gt;');
  });
});

describe('formatPagerDuty', () => {
  it('is an Events API v2 trigger deduplicated by the fingerprint', () => {
    expect(formatPagerDuty(event, 'routing-key-1')).toEqual({
      routing_key: 'routing-key-1',
      event_action: 'trigger',
      dedup_key: event.fingerprint,
      payload: {
        summary: `${event.title}: ${event.summary}`,
        source: 'interviewlm',
        severity: 'critical',
        timestamp: event.occurredAt,
        component: 'interview-agent',
        group: 'dead-letter',
        custom_details: { jobId: '42', attemptsMade: 3 },
      },
    });
  });

  it('keeps the summary within 1024 characters and names the platform when there is no queue', () => {
    const { queue: _queue, ...platformWide } = event;
    const body = formatPagerDuty({ ...platformWide, summary: 'y'.repeat(5_000) }, 'k');
    expect(body.payload.summary).toHaveLength(1_024);
    expect(body.payload.component).toBe('platform');
  });
});

describe('channelAcceptsEvent', () => {
  const critical = ['interview-agent', 'evaluation-agent'];
  const threshold: AlertEvent = { ...event, source: 'threshold', severity: 'warning', queue: 'notification' };

  it('without filters: dead-letter alerts of critical queues only, every threshold alert', () => {
    expect(channelAcceptsEvent({}, event, critical)).toBe(true);
    expect(channelAcceptsEvent({}, { ...event, queue: 'notification' }, critical)).toBe(false);
    expect(channelAcceptsEvent({}, threshold, critical)).toBe(true);
  });

  it('with queues: those queues and platform-wide alerts, whatever the critical list says', () => {
    const filters = { queues: ['notification'] };
    expect(channelAcceptsEvent(filters, { ...event, queue: 'notification' }, critical)).toBe(true);
    expect(channelAcceptsEvent(filters, event, critical)).toBe(false);
    const { queue: _queue, ...platformWide } = threshold;
    expect(channelAcceptsEvent(filters, platformWide, critical)).toBe(true);
  });

  it('with a minimum severity: nothing below it', () => {
    expect(channelAcceptsEvent({ minSeverity: 'critical' }, threshold, critical)).toBe(false);
    expect(channelAcceptsEvent({ minSeverity: 'critical' }, event, critical)).toBe(true);
    expect(channelAcceptsEvent({ minSeverity: 'info' }, threshold, critical)).toBe(true);
  });
});

describe('deadLetterAlertEvent', () => {
  it('turns a dead-letter notice into a critical, valid alert grouped by queue and failure fingerprint', () => {
    const alert = deadLetterAlertEvent({
      entry: {
        jobId: '42',
        queue: 'evaluation-agent',
        name: 'evaluation-agent',
        data: { sessionId: 's' },
        error: { name: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at x' },
        attemptsMade: 3,
        failedAt: '2025-03-01T10:15:00.000Z',
        fingerprint: 'abc123',
      },
      pattern: 'TypeError: boom',
    });
    expect(AlertEventSchema.parse(alert)).toEqual(alert);
    expect(alert).toMatchObject({
      fingerprint: 'dead-letter:evaluation-agent:abc123',
      severity: 'critical',
      source: 'dead-letter',
      queue: 'evaluation-agent',
      summary: 'TypeError: boom',
      occurredAt: '2025-03-01T10:15:00.000Z',
      details: { jobId: '42', attemptsMade: 3, error: 'TypeError: boom' },
    });
    // The job's data may hold candidate content: it stays out of the alert.
    expect(JSON.stringify(alert)).not.toContain('sessionId');
  });
});
