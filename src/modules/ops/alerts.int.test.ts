/**
 * Alerts on real PostgreSQL, Redis and BullMQ workers, with a local HTTP server standing in for
 * the generic webhook, Slack and PagerDuty: a raised alert arrives once per channel in the
 * channel's format (signed for the generic webhook), however often it is raised in its window;
 * failed deliveries are retried and recorded; the hourly limit suppresses; nothing a receiver or
 * Redis does makes `raise` throw.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnrecoverableError } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { waitFor } from '../../../test/support/wait.ts';
import type { AlertSettings } from '../../config/env.ts';
import { alertChannels, alertDeliveries } from '../../platform/db/schema/index.ts';
import { createQueueRegistry, type QueueRegistry } from '../../platform/queue/queues.ts';
import { type ProcessorMap, startWorkers, type WorkerPool } from '../../platform/queue/worker-runner.ts';
import {
  type AlertEvent,
  deadLetterAlertEvent,
  formatGenericWebhook,
  formatPagerDuty,
  formatSlack,
} from './alert-message.ts';
import { evaluateThresholds } from './alert-thresholds.ts';
import { type AlertService, createAlertService, verifyWebhookSignature } from './alerts.service.ts';
import { createNotificationProcessor } from './notification.worker.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const webhookSecret = 'whsec-test-0123456789';
const routingKey = 'pd-routing-key-abcdef';
const received: Received[] = [];
/** Statuses a path answers with, in order; 200 once they run out. */
const scripted = new Map<string, number[]>();

let database: TestDatabase;
let connection: Redis;
let receiver: Server;
let base: string;
/** Queues served by a notification worker. */
let worked: QueueRegistry;
/** Queues nobody consumes, for tests that call `deliver` themselves. */
let idle: QueueRegistry;
let workers: WorkerPool;
const workedPrefix = uniquePrefix('alerts-w');
const idlePrefix = uniquePrefix('alerts-i');
const ratePrefixes: string[] = [];

const settingsWith = (overrides: Partial<AlertSettings> = {}): AlertSettings => ({
  webhook: { url: `${base}/hook`, secret: webhookSecret },
  slackWebhookUrl: `${base}/slack/T000/B000/secretpart`,
  pagerDuty: { routingKey, url: `${base}/pagerduty/v2/enqueue` },
  criticalQueues: ['interview-agent', 'evaluation-agent'],
  dedupeWindowSeconds: 3_600,
  maxPerHour: 30,
  // The receivers of these tests listen on 127.0.0.1 (the SSRF guard is tested apart, below).
  allowPrivateTargets: true,
  ...overrides,
});

function alertService(
  overrides: Partial<AlertSettings> = {},
  extra: { queues?: QueueRegistry; redis?: Redis; now?: () => Date } = {},
): AlertService {
  const prefix = uniquePrefix('alerts-rate');
  ratePrefixes.push(prefix);
  return createAlertService({
    db: database.handle.db,
    redis: extra.redis ?? connection,
    queues: extra.queues ?? idle,
    prefix,
    settings: settingsWith(overrides),
    logger: testLogger,
    ...(extra.now ? { now: extra.now } : {}),
  });
}

const deadLetterEvent = (queue = 'interview-agent', fingerprint = 'a1b2c3d4'): AlertEvent =>
  deadLetterAlertEvent({
    entry: {
      jobId: randomUUID(),
      queue,
      name: queue,
      data: {},
      error: { name: 'TypeError', message: 'Cannot read properties of undefined (reading "seq")' },
      attemptsMade: 3,
      failedAt: '2025-03-01T10:15:00.000Z',
      fingerprint,
    },
    pattern: 'TypeError: Cannot read properties of undefined (reading "seq")',
  });

const deliveriesOf = (fingerprint: string) =>
  database.handle.db
    .select({
      id: alertDeliveries.id,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      error: alertDeliveries.error,
      sentAt: alertDeliveries.sentAt,
      channel: alertChannels.name,
    })
    .from(alertDeliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .where(eq(alertDeliveries.fingerprint, fingerprint));

async function freePortThatRefuses(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  database = await createTestDatabase();
  connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  worked = createQueueRegistry({ connection, prefix: workedPrefix });
  idle = createQueueRegistry({ connection, prefix: idlePrefix });
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body });
      const status = scripted.get(path)?.shift() ?? 200;
      response.writeHead(status).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const workerAlerts = alertService({}, { queues: worked });
  const unused = async () => {
    throw new Error('this queue is not started in the alerts test');
  };
  const processors: ProcessorMap = {
    'interview-agent': unused,
    'evaluation-agent': unused,
    'code-execution': unused,
    'question-generation': unused,
    notification: createNotificationProcessor(workerAlerts, { deliver: async () => undefined }),
  };
  workers = startWorkers({
    queues: ['notification'],
    processors,
    redisUrl: testRedisUrl,
    prefix: workedPrefix,
    logger: testLogger,
  });
});

afterAll(async () => {
  await workers.close();
  await worked.close();
  await idle.close();
  connection.disconnect();
  await new Promise((resolve) => receiver.close(resolve));
  for (const prefix of [workedPrefix, idlePrefix, ...ratePrefixes]) await deleteKeysWithPrefix(prefix);
  await database.drop();
});

beforeEach(async () => {
  // Platform channels are global to the database: each test starts from none.
  await database.handle.db.delete(alertChannels);
  received.length = 0;
  scripted.clear();
});

describe('delivery through the notification worker', () => {
  it('sends a dead-letter alert to the signed webhook, Slack and PagerDuty, each in its format', async () => {
    const alerts = alertService({}, { queues: worked });
    await alerts.syncEnvironmentChannels();
    const event = deadLetterEvent();

    expect(await alerts.raise(event)).toEqual({ queued: 3, suppressed: 0, duplicate: 0 });
    await waitFor(() => (received.length >= 3 ? true : undefined), 'three deliveries');
    const byPath = (prefix: string) => received.find((request) => request.path.startsWith(prefix));

    const hook = byPath('/hook');
    const timestamp = String(hook?.headers['x-interviewlm-timestamp']);
    const deliveryId = String(hook?.headers['x-interviewlm-delivery']);
    expect(hook?.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const signature = hook?.headers['x-signature'] as string;
    // Computed here as a receiver would, from the documented recipe, not with our own helper.
    const expected = createHmac('sha256', webhookSecret).update(`${timestamp}.${hook?.body}`).digest('hex');
    expect(signature).toBe(`sha256=${expected}`);
    expect(verifyWebhookSignature(webhookSecret, timestamp, hook?.body ?? '', signature)).toBe(true);
    expect(verifyWebhookSignature('another-secret', timestamp, hook?.body ?? '', signature)).toBe(false);
    expect(verifyWebhookSignature(webhookSecret, timestamp, `${hook?.body} `, signature)).toBe(false);
    expect(
      verifyWebhookSignature(webhookSecret, String(Number(timestamp) + 1), hook?.body ?? '', signature),
    ).toBe(false);
    const hookBody = JSON.parse(hook?.body ?? '');
    expect(hookBody).toEqual(formatGenericWebhook(event, deliveryId));
    expect(hookBody).toMatchObject({
      id: deliveryId,
      fingerprint: 'dead-letter:interview-agent:a1b2c3d4',
      severity: 'critical',
      source: 'dead-letter',
      queue: 'interview-agent',
      product: 'InterviewLM',
    });

    const slack = byPath('/slack/');
    expect(slack?.path).toBe('/slack/T000/B000/secretpart');
    expect(slack?.headers['x-signature']).toBeUndefined();
    const slackBody = JSON.parse(slack?.body ?? '');
    expect(slackBody).toEqual(formatSlack(event));
    expect(slackBody.blocks.map((block: { type: string }) => block.type)).toEqual([
      'header',
      'section',
      'context',
    ]);

    const pagerDuty = byPath('/pagerduty/');
    const pagerDutyBody = JSON.parse(pagerDuty?.body ?? '');
    expect(pagerDutyBody).toEqual(formatPagerDuty(event, routingKey));
    expect(pagerDutyBody).toMatchObject({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: event.fingerprint,
      payload: { severity: 'critical', source: 'interviewlm', component: 'interview-agent' },
    });

    const rows = await waitFor(async () => {
      const found = await deliveriesOf(event.fingerprint);
      return found.every((row) => row.status === 'sent') ? found : undefined;
    }, 'rows marked sent');
    expect(rows.map((row) => [row.channel, row.status, row.attempts, row.error]).sort()).toEqual([
      ['env:pagerduty', 'sent', 1, null],
      ['env:slack', 'sent', 1, null],
      ['env:webhook', 'sent', 1, null],
    ]);
    expect(rows.every((row) => row.sentAt instanceof Date)).toBe(true);
    expect(rows.find((row) => row.channel === 'env:webhook')?.id).toBe(deliveryId);
  });

  it('retries a delivery the receiver refused, with the queue’s backoff, until it is sent', async () => {
    const alerts = alertService({ slackWebhookUrl: undefined, pagerDuty: undefined }, { queues: worked });
    await alerts.syncEnvironmentChannels();
    scripted.set('/hook', [503]);
    const event = deadLetterEvent('evaluation-agent', 'retry001');
    expect(await alerts.raise(event)).toMatchObject({ queued: 1 });
    const [row] = await waitFor(async () => {
      const found = await deliveriesOf(event.fingerprint);
      return found[0]?.status === 'sent' ? found : undefined;
    }, 'the retried delivery');
    expect(row).toMatchObject({ status: 'sent', attempts: 2, error: null });
    const hooks = received.filter((request) => request.path === '/hook');
    expect(hooks).toHaveLength(2);
    // Each attempt is signed afresh, and both carry the same delivery id for the receiver to deduplicate.
    expect(new Set(hooks.map((request) => request.headers['x-interviewlm-delivery']))).toEqual(
      new Set([row?.id]),
    );
  });

  it('hands an e-mail notification to the mailer, and its failure to the queue for a retry', async () => {
    const delivered: string[] = [];
    const processor = createNotificationProcessor(alertService(), {
      deliver: async (messageId) => {
        delivered.push(messageId);
        if (delivered.length === 1) throw new Error('SMTP server unavailable');
      },
    });
    const job = { id: 'x' } as Parameters<typeof processor>[1];
    const messageId = randomUUID();
    await expect(processor({ version: 1, channel: 'email', messageId }, job)).rejects.toThrow(
      'SMTP server unavailable',
    );
    await expect(processor({ version: 1, channel: 'email', messageId }, job)).resolves.toEqual({
      delivered: messageId,
    });
    expect(delivered).toEqual([messageId, messageId]);
  });
});

describe('deduplication', () => {
  it('delivers a fingerprint raised 100 times at once exactly once per channel, and again in the next window', async () => {
    let clock = new Date('2025-03-01T10:00:00.000Z');
    const alerts = alertService({}, { now: () => clock });
    await alerts.syncEnvironmentChannels();
    const event = deadLetterEvent('evaluation-agent', 'dedupe01');

    const outcomes = await Promise.all(Array.from({ length: 100 }, () => alerts.raise(event)));
    const total = outcomes.reduce(
      (sum, outcome) => ({
        queued: sum.queued + outcome.queued,
        suppressed: sum.suppressed + outcome.suppressed,
        duplicate: sum.duplicate + outcome.duplicate,
      }),
      { queued: 0, suppressed: 0, duplicate: 0 },
    );
    expect(total).toEqual({ queued: 3, suppressed: 0, duplicate: 297 });
    const rows = await deliveriesOf(event.fingerprint);
    expect(rows.map((row) => row.channel).sort()).toEqual(['env:pagerduty', 'env:slack', 'env:webhook']);
    const jobs = await Promise.all(rows.map((row) => idle.queue('notification').getJob(`alert-${row.id}`)));
    expect(jobs.map((job) => job?.data)).toEqual(
      rows.map((row) => ({ version: 1, channel: 'alert', messageId: row.id })),
    );

    // Another failure fingerprint is another alert; the same one in the next window alerts again.
    expect(await alerts.raise(deadLetterEvent('evaluation-agent', 'dedupe02'))).toMatchObject({ queued: 3 });
    clock = new Date(clock.getTime() + 3_600_000);
    expect(await alerts.raise(event)).toEqual({ queued: 3, suppressed: 0, duplicate: 0 });
    expect(await deliveriesOf(event.fingerprint)).toHaveLength(6);
  });
});

describe('retries', () => {
  it('records each failed attempt, throws so BullMQ retries, and sends on the third try', async () => {
    const alerts = alertService({ slackWebhookUrl: undefined, pagerDuty: undefined });
    await alerts.syncEnvironmentChannels();
    scripted.set('/hook', [500, 500]);
    const event = deadLetterEvent('interview-agent', 'flaky001');
    expect(await alerts.raise(event)).toEqual({ queued: 1, suppressed: 0, duplicate: 0 });
    const [row] = await deliveriesOf(event.fingerprint);
    const id = row?.id ?? '';

    for (const attempt of [1, 2]) {
      const failure = await alerts.deliver(id).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(UnrecoverableError);
      expect((await deliveriesOf(event.fingerprint))[0]).toMatchObject({
        status: 'failed',
        attempts: attempt,
        error: 'HTTP 500 Internal Server Error',
      });
    }
    await alerts.deliver(id);
    expect((await deliveriesOf(event.fingerprint))[0]).toMatchObject({
      status: 'sent',
      attempts: 3,
      error: null,
    });
    // A job that runs again after success (a stalled job, a duplicate) sends nothing more.
    await alerts.deliver(id);
    expect(received.filter((request) => request.path === '/hook')).toHaveLength(3);
  });

  it('gives up at once on a client error that a retry cannot fix', async () => {
    const alerts = alertService({ webhook: undefined, pagerDuty: undefined });
    await alerts.syncEnvironmentChannels();
    scripted.set('/slack/T000/B000/secretpart', [404]);
    const event = deadLetterEvent('interview-agent', 'gone0001');
    await alerts.raise(event);
    const [row] = await deliveriesOf(event.fingerprint);
    await expect(alerts.deliver(row?.id ?? '')).rejects.toBeInstanceOf(UnrecoverableError);
    expect((await deliveriesOf(event.fingerprint))[0]).toMatchObject({
      status: 'failed',
      error: 'HTTP 404 Not Found',
    });
  });
});

describe('rate limit', () => {
  it('suppresses what a channel receives beyond ALERT_MAX_PER_HOUR', async () => {
    const alerts = alertService({ maxPerHour: 2, slackWebhookUrl: undefined, pagerDuty: undefined });
    await alerts.syncEnvironmentChannels();
    const outcomes = [];
    for (const fingerprint of ['rate0001', 'rate0002', 'rate0003']) {
      outcomes.push(await alerts.raise(deadLetterEvent('interview-agent', fingerprint)));
    }
    expect(outcomes).toEqual([
      { queued: 1, suppressed: 0, duplicate: 0 },
      { queued: 1, suppressed: 0, duplicate: 0 },
      { queued: 0, suppressed: 1, duplicate: 0 },
    ]);
    const [third] = await deliveriesOf(deadLetterEvent('interview-agent', 'rate0003').fingerprint);
    expect(third?.status).toBe('suppressed');
    expect(await idle.queue('notification').getJob(`alert-${third?.id}`)).toBeUndefined();
  });
});

describe('failures never reach the caller', () => {
  it('raises normally while the receiver is down; the delivery fails with a retryable error that hides the URL', async () => {
    const port = await freePortThatRefuses();
    const alerts = alertService({
      webhook: { url: `http://127.0.0.1:${port}/private-path`, secret: webhookSecret },
      slackWebhookUrl: undefined,
      pagerDuty: undefined,
    });
    await alerts.syncEnvironmentChannels();
    const event = deadLetterEvent('interview-agent', 'down0001');
    expect(await alerts.raise(event)).toEqual({ queued: 1, suppressed: 0, duplicate: 0 });
    const [row] = await deliveriesOf(event.fingerprint);
    const failure = await alerts.deliver(row?.id ?? '').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(UnrecoverableError);
    const [stored] = await deliveriesOf(event.fingerprint);
    expect(stored).toMatchObject({ status: 'failed', attempts: 1, error: 'network error: ECONNREFUSED' });
    expect(`${stored?.error} ${(failure as Error).message}`).not.toMatch(/private-path|127\.0\.0\.1|\d{4,5}/);
  });

  it('refuses a receiver on a loopback or metadata address unless ALERT_ALLOW_PRIVATE_TARGETS: permanent, nothing sent', async () => {
    const before = received.length;
    for (const url of [
      `${base}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      `http://localhost:${new URL(base).port}/hook`,
    ]) {
      const alerts = alertService({
        webhook: { url, secret: webhookSecret },
        slackWebhookUrl: undefined,
        pagerDuty: undefined,
        allowPrivateTargets: false,
      });
      await alerts.syncEnvironmentChannels();
      const event = deadLetterEvent('interview-agent', `ssrf${Math.random().toString(36).slice(2, 6)}`);
      expect(await alerts.raise(event)).toEqual({ queued: 1, suppressed: 0, duplicate: 0 });
      const [row] = await deliveriesOf(event.fingerprint);
      const failure = await alerts.deliver(row?.id ?? '').catch((error: unknown) => error);
      // Permanent: BullMQ does not retry a blocked target.
      expect(failure).toBeInstanceOf(UnrecoverableError);
      const [stored] = await deliveriesOf(event.fingerprint);
      expect(stored?.status).toBe('failed');
      expect(stored?.error).toMatch(/^refused: the target address is (loopback|link-local)/);
      expect(stored?.error).not.toMatch(/127\.0\.0\.1|169\.254|hook|meta-data/);
    }
    // The local receiver never saw a request.
    expect(received.length).toBe(before);
  });

  it('returns zeros instead of throwing when Redis is unreachable or the event is invalid, and keeps the fingerprint open', async () => {
    const port = await freePortThatRefuses();
    const deadRedis = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    deadRedis.on('error', () => {});
    const broken = alertService({ slackWebhookUrl: undefined, pagerDuty: undefined }, { redis: deadRedis });
    await broken.syncEnvironmentChannels();
    const event = deadLetterEvent('interview-agent', 'redis001');
    expect(await broken.raise(event)).toEqual({ queued: 0, suppressed: 0, duplicate: 0 });
    expect(await broken.raise({ ...event, fingerprint: '' })).toEqual({
      queued: 0,
      suppressed: 0,
      duplicate: 0,
    });
    deadRedis.disconnect();
    // The failed raise left no row behind, so once Redis is back the same alert goes out.
    expect(await deliveriesOf(event.fingerprint)).toEqual([]);
    expect(await alertService({ slackWebhookUrl: undefined, pagerDuty: undefined }).raise(event)).toEqual({
      queued: 1,
      suppressed: 0,
      duplicate: 0,
    });
  });
});

describe('channels', () => {
  const envChannels = () =>
    database.handle.db
      .select({
        name: alertChannels.name,
        kind: alertChannels.kind,
        url: alertChannels.url,
        secret: alertChannels.secret,
        enabled: alertChannels.enabled,
      })
      .from(alertChannels)
      .orderBy(alertChannels.name);

  it('mirrors the environment: a variable set creates or updates its channel, an unset one disables it', async () => {
    await Promise.all([alertService().syncEnvironmentChannels(), alertService().syncEnvironmentChannels()]);
    expect(await envChannels()).toEqual([
      {
        name: 'env:pagerduty',
        kind: 'pagerduty',
        url: `${base}/pagerduty/v2/enqueue`,
        secret: routingKey,
        enabled: true,
      },
      {
        name: 'env:slack',
        kind: 'slack',
        url: `${base}/slack/T000/B000/secretpart`,
        secret: null,
        enabled: true,
      },
      { name: 'env:webhook', kind: 'webhook', url: `${base}/hook`, secret: webhookSecret, enabled: true },
    ]);

    const withoutSlack = alertService({
      slackWebhookUrl: undefined,
      webhook: { url: `${base}/hook2`, secret: undefined },
    });
    await withoutSlack.syncEnvironmentChannels();
    const channels = await envChannels();
    expect(channels.map((channel) => [channel.name, channel.enabled])).toEqual([
      ['env:pagerduty', true],
      ['env:slack', false],
      ['env:webhook', true],
    ]);
    expect(channels.find((channel) => channel.name === 'env:webhook')).toMatchObject({
      url: `${base}/hook2`,
      secret: null,
    });
    const event = deadLetterEvent('interview-agent', 'sync0001');
    expect(await withoutSlack.raise(event)).toMatchObject({ queued: 2 });
    expect((await deliveriesOf(event.fingerprint)).map((row) => row.channel).sort()).toEqual([
      'env:pagerduty',
      'env:webhook',
    ]);

    // Setting it again brings the same row back.
    await alertService().syncEnvironmentChannels();
    expect((await envChannels()).filter((channel) => channel.enabled)).toHaveLength(3);
  });

  it('honours a database channel’s queue filter and the critical-queue rule for unfiltered channels', async () => {
    const alerts = alertService({ slackWebhookUrl: undefined, pagerDuty: undefined });
    await alerts.syncEnvironmentChannels();
    await database.handle.db.insert(alertChannels).values([
      {
        name: 'ops notifications',
        kind: 'webhook',
        url: `${base}/ops`,
        filters: { queues: ['notification'] },
      },
      {
        name: 'tenant channel',
        kind: 'webhook',
        url: `${base}/tenant`,
        organizationId: null,
        enabled: false,
      },
    ]);

    // notification is not a critical queue: only the channel that asked for it hears of its dead jobs.
    const notificationEvent = deadLetterEvent('notification', 'filter01');
    expect(await alerts.raise(notificationEvent)).toMatchObject({ queued: 1 });
    expect((await deliveriesOf(notificationEvent.fingerprint)).map((row) => row.channel)).toEqual([
      'ops notifications',
    ]);

    // Threshold alerts without a queue reach every enabled platform channel.
    const [unhealthy] = evaluateThresholds({
      workerHealth: { status: 'unhealthy', responseTime: 10, warnings: ['Redis is unreachable'] },
      deadLetters: {},
      now: new Date(),
    });
    expect(await alerts.raise(unhealthy as AlertEvent)).toMatchObject({ queued: 2 });
  });
});
