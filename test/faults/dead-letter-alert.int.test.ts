/**
 * Fault, end to end with real processes: the API (`interviewlm api`) and a platform worker process
 * whose interview-agent jobs fail. A job that always throws reaches the dead-letter queue after
 * its attempts (the queue policy), its row is in PostgreSQL, and a signed alert reaches a local webhook receiver;
 * once the cause is fixed, a retry through the admin API processes it. 100 poison jobs with one
 * cause make one alert and one fingerprint with count 100.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queueContracts } from '../../src/platform/queue/contracts.ts';
import { createQueueRegistry, type QueueRegistry } from '../../src/platform/queue/queues.ts';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { cleanEnv, type PlatformProcess, runCli } from '../support/platform-process.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis.ts';
import { testRedisUrl } from '../support/services.ts';
import { startFixture, type WorkerProcess, waitFor } from './support.ts';

const operatorToken = `fault-operator-${randomUUID()}`;
const webhookSecret = `whsec-${randomUUID()}`;
const prefix = uniquePrefix('dlqalert');
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
const cleanups: Array<() => Promise<unknown>> = [];
let receiver: Server;
let api: PlatformProcess;
let workers: WorkerProcess;
let registry: QueueRegistry;
let redis: Redis;
let baseUrl: string;

async function admin(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${pathAndQuery}`, {
    method,
    headers: {
      authorization: `Bearer ${operatorToken}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field below
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/alerts`;

  const database = await createEmptyDatabase();
  cleanups.push(() => database.drop());
  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env = cleanEnv({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-dlq-alert-')),
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    OPERATOR_TOKEN: operatorToken,
    ALERT_WEBHOOK_URL: receiverUrl,
    ALERT_WEBHOOK_SECRET: webhookSecret,
    // The receiver listens on 127.0.0.1, which the SSRF guard refuses unless allowed.
    ALERT_ALLOW_PRIVATE_TARGETS: 'true',
    LOG_LEVEL: 'warn',
  });
  api = runCli(['api'], env);
  cleanups.push(() => api.stop());
  await waitFor(
    async () => ((await fetch(`${baseUrl}/api/health`).catch(() => undefined))?.status ? true : undefined),
    'the API to listen',
    // tsx compiles the platform at start: on a loaded 2-core CI box that alone can take 30 s.
    50_000,
    api.output,
  );
  workers = await startFixture('fault-platform', env);
  cleanups.push(() => workers.kill('SIGTERM'));
  redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  registry = createQueueRegistry({ connection: redis, prefix });
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await registry?.close();
  redis?.disconnect();
  await deleteKeysWithPrefix(prefix);
  await new Promise((resolve) => receiver.close(resolve));
});

it('dead-letters a job that always throws, alerts with a valid signature, and processes it after a retry', async () => {
  const sessionId = randomUUID();
  const { attempts } = queueContracts['interview-agent'].policy;
  const jobId = await registry.enqueue('interview-agent', { version: 1, sessionId, kind: 'events_recorded' });

  const listed = await waitFor(
    async () => {
      const answer = await admin('GET', '/api/admin/dlq?queue=interview-agent&limit=10');
      return answer.body.jobCount === 1 ? answer.body : undefined;
    },
    'the job in the dead-letter queue',
    45_000,
    () => workers.output(),
  );
  expect(listed).toMatchObject({ success: true, queueName: 'interview-agent', jobCount: 1 });
  expect(listed.jobs[0]).toMatchObject({ jobId, attemptsMade: attempts, error: { name: 'Error' } });
  expect(listed.jobs[0].error.message).toBe(`downstream scoring service rejected session ${sessionId}`);

  const alert = await waitFor(
    async () => received.find((request) => request.body.includes(jobId)),
    'the alert at the webhook receiver',
    20_000,
    () => workers.output(),
  );
  const timestamp = String(alert.headers['x-interviewlm-timestamp']);
  const expected = createHmac('sha256', webhookSecret).update(`${timestamp}.${alert.body}`).digest('hex');
  expect(alert.headers['x-signature']).toBe(`sha256=${expected}`);
  const payload = JSON.parse(alert.body);
  expect(payload).toMatchObject({ severity: 'critical', source: 'dead-letter', queue: 'interview-agent' });
  expect(payload.fingerprint).toMatch(/^dead-letter:interview-agent:[0-9a-f]{16}$/);
  expect(payload.details).toMatchObject({ jobId, attemptsMade: attempts });

  await redis.set(`${prefix}:fault:healed`, '1');
  const retried = await admin('POST', '/api/admin/dlq', { action: 'retry', queue: 'interview-agent', jobId });
  expect(retried).toMatchObject({ status: 200, body: { success: true, retried: true, jobId } });
  await waitFor(
    async () => ((await redis.lrange(`${prefix}:processed`, 0, -1)).includes(sessionId) ? true : undefined),
    'the retried job to be processed',
    20_000,
    () => workers.output(),
  );
  const after = await admin('GET', '/api/admin/dlq?queue=interview-agent');
  expect(after.body.jobCount).toBe(0);
}, 150_000);

it('turns 100 poison jobs with one cause into one alert and one fingerprint with count 100', async () => {
  const alertsBefore = received.length;
  await Promise.all(
    Array.from({ length: 100 }, () =>
      registry.enqueue('interview-agent', { version: 1, sessionId: randomUUID(), kind: 'session_completed' }),
    ),
  );
  const poison = await waitFor(
    async () => {
      const stats = await admin('GET', '/api/admin/dlq');
      const patterns = stats.body.stats.fingerprints as Array<{ count: number; example: { error: string } }>;
      return patterns.find(
        (pattern) => pattern.example.error.includes('poison payload') && pattern.count === 100,
      );
    },
    '100 poison jobs under one fingerprint',
    90_000,
    () => workers.output(),
  );
  expect(poison).toMatchObject({ count: 100, queues: ['interview-agent'] });
  await waitFor(
    async () => (received.length > alertsBefore ? true : undefined),
    'the poison alert',
    20_000,
    () => workers.output(),
  );
  // Give any duplicate time to arrive: there must be none.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const poisonAlerts = received.slice(alertsBefore);
  expect(poisonAlerts).toHaveLength(1);
  expect(JSON.parse(poisonAlerts[0]?.body ?? '{}').summary).toContain('poison payload');
}, 150_000);
