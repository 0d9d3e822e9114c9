/**
 * The dead-letter queue on real Redis, PostgreSQL and BullMQ workers: jobs that fail for good are
 * recorded in both stores and leave BullMQ's failed set; the admin API answers with the seed's
 * shapes to operators only; retry, discard, clear and retry-all do what they say, once; the
 * sweeper catches what the listener missed; expired entries are never listed.
 */
import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { auditLogs, deadLetterJobs } from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { type QueueName, queueContracts } from '../../platform/queue/contracts.ts';
import { createQueueRegistry, type QueueRegistry } from '../../platform/queue/queues.ts';
import { type ProcessorMap, startWorkers, type WorkerPool } from '../../platform/queue/worker-runner.ts';
import { registerDeadLetterRoutes } from './dead-letter.routes.ts';
import {
  createDeadLetterService,
  type DeadLetterNotice,
  type DeadLetterService,
} from './dead-letter.service.ts';

const operatorToken = 'operator-token-for-tests-0123456789abcdef';
const settings = { ttlSeconds: 3_600, maxEntries: 10_000, dbRetentionDays: 180, sweepIntervalMs: 60_000 };

let database: TestDatabase;
let connection: Redis;
let registry: QueueRegistry;
let deadLetters: DeadLetterService;
let workers: WorkerPool;
let app: HttpServer;
let base: string;
const prefix = uniquePrefix('dlq');
const notices: DeadLetterNotice[] = [];
/** What the interview-agent processor does with a job, by session id. */
const behaviour = new Map<string, 'fail' | 'unrecoverable' | 'transient' | 'succeed'>();
const processed: string[] = [];

const interviewJob = (sessionId: string) => ({
  version: 1 as const,
  sessionId,
  kind: 'events_recorded' as const,
});

async function rowOf(queue: string, jobId: string) {
  const [row] = await database.handle.db
    .select()
    .from(deadLetterJobs)
    .where(and(eq(deadLetterJobs.queue, queue), eq(deadLetterJobs.jobId, jobId)));
  return row;
}

async function api(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token: string | null = operatorToken,
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  database = await createTestDatabase();
  connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  registry = createQueueRegistry({ connection, prefix });
  deadLetters = createDeadLetterService({
    redis: connection,
    db: database.handle.db,
    queues: registry,
    prefix,
    settings,
    logger: testLogger,
    onDead: async (notice) => notices.push(notice),
  });
  const noop = async () => undefined;
  const processors: ProcessorMap = {
    'interview-agent': async (payload) => {
      const mode = behaviour.get(payload.sessionId) ?? 'succeed';
      if (mode === 'fail') throw new TypeError(`session ${payload.sessionId} has no events at seq 42`);
      if (mode === 'unrecoverable') throw new UnrecoverableError(`poison payload for ${payload.sessionId}`);
      if (mode === 'transient') throw new Error('connect ECONNRESET 10.0.0.7:5432');
      processed.push(payload.sessionId);
      return { ok: true };
    },
    'evaluation-agent': noop,
    'code-execution': noop,
    'question-generation': noop,
    notification: noop,
  };
  workers = startWorkers({
    queues: ['interview-agent'],
    processors,
    redisUrl: testRedisUrl,
    prefix,
    logger: testLogger,
    hooks: { onFinalFailure: deadLetters.onFinalFailure },
  });
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  registerDeadLetterRoutes(app, { deadLetters, operatorToken });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await workers?.close();
  await deadLetters?.stop();
  await registry?.close();
  connection?.disconnect();
  await deleteKeysWithPrefix(prefix);
  await database?.drop();
});

beforeEach(() => {
  notices.length = 0;
});

describe('moving failed jobs to the dead-letter queue', () => {
  it('records a job that used up its attempts in Redis and the database, and takes it out of BullMQ', async () => {
    const sessionId = randomUUID();
    behaviour.set(sessionId, 'fail');
    const jobId = await registry.enqueue('interview-agent', interviewJob(sessionId), {
      jobId: `s-${sessionId}`,
    });

    // Every try of the queue's policy, with its backoff, before the job is declared dead.
    const { attempts } = queueContracts['interview-agent'].policy;
    const row = await waitFor(() => rowOf('interview-agent', jobId), 'the dead-letter row', 40_000);
    expect(row).toMatchObject({
      status: 'dead',
      attemptsMade: attempts,
      name: 'interview-agent',
      retryCount: 0,
    });
    expect(row.error).toMatchObject({
      name: 'TypeError',
      message: `session ${sessionId} has no events at seq 42`,
    });
    expect(row.data).toEqual(interviewJob(sessionId));

    const key = `${prefix}:dlq:interview-agent:${jobId}`;
    const stored = JSON.parse((await connection.get(key)) ?? 'null');
    expect(stored).toMatchObject({
      jobId,
      queue: 'interview-agent',
      attemptsMade: attempts,
      fingerprint: row.fingerprint,
    });
    expect(stored.error.stack).toContain('TypeError');
    const ttl = await connection.ttl(key);
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);
    await waitFor(
      async () => ((await registry.queue('interview-agent').getJob(jobId)) ? undefined : true),
      'removal',
    );
    expect(await registry.queue('interview-agent').getFailedCount()).toBe(0);
    await waitFor(
      async () => (notices.some((n) => n.entry.jobId === jobId) ? true : undefined),
      'the notice',
    );
  });

  it('sends an UnrecoverableError to the dead-letter queue after one attempt', async () => {
    const sessionId = randomUUID();
    behaviour.set(sessionId, 'unrecoverable');
    const jobId = await registry.enqueue('interview-agent', interviewJob(sessionId), {
      jobId: `u-${sessionId}`,
    });
    const row = await waitFor(() => rowOf('interview-agent', jobId), 'the dead-letter row');
    expect(row.attemptsMade).toBe(1);
    expect(row.error.name).toBe('UnrecoverableError');
  });

  it('re-drives a transient failure automatically, later, and does not alert', async () => {
    const sessionId = randomUUID();
    behaviour.set(sessionId, 'transient');
    const queue = registry.queue('interview-agent');
    const jobId = `t-${sessionId}`;
    // One attempt only, so the test does not wait for backoff: the automatic round is what matters.
    await queue.add('interview-agent', interviewJob(sessionId), { jobId, attempts: 1 });
    const row = await waitFor(async () => {
      const current = await rowOf('interview-agent', jobId);
      return current?.status === 'retried' ? current : undefined;
    }, 'the automatic retry');
    expect(row.retryCount).toBe(1);
    const job = await queue.getJob(jobId);
    expect(await job?.getState()).toBe('delayed');
    expect(job?.delay).toBe(60_000);
    expect(notices.filter((n) => n.entry.jobId === jobId)).toHaveLength(0);
    await job?.remove();
  });

  it('groups 100 failures of one cause under one fingerprint', async () => {
    const sessionIds = Array.from({ length: 100 }, () => randomUUID());
    for (const sessionId of sessionIds) behaviour.set(sessionId, 'unrecoverable');
    await Promise.all(
      sessionIds.map((sessionId) =>
        registry.enqueue('interview-agent', interviewJob(sessionId), { jobId: `p-${sessionId}` }),
      ),
    );
    const stats = await waitFor(
      async () => {
        const current = await deadLetters.stats();
        const poison = current.fingerprints.find((pattern) =>
          pattern.example.error.startsWith('UnrecoverableError: poison'),
        );
        return poison && poison.count >= 101 ? current : undefined;
      },
      '100 poison jobs in the dead-letter queue',
      30_000,
    );
    const poison = stats.fingerprints.filter((pattern) => pattern.example.error.includes('poison payload'));
    // The earlier test's poison job has the same cause: 101 in one pattern.
    expect(poison).toHaveLength(1);
    expect(poison[0]).toMatchObject({ count: 101, queues: ['interview-agent'] });
  });
});

describe('the admin API', () => {
  it('refuses requests without operator credentials (401) and with wrong ones (403)', async () => {
    expect((await api('GET', '/api/admin/dlq', undefined, null)).status).toBe(401);
    expect((await api('GET', '/api/admin/dlq', undefined, 'not-the-operator-token')).status).toBe(403);
    const post = await api('POST', '/api/admin/dlq', { action: 'clear', queue: 'interview-agent' }, null);
    expect(post.status).toBe(401);
  });

  it('answers GET /api/admin/dlq with {success, stats} and ?queue= with {success, queueName, jobCount, jobs}', async () => {
    const stats = await api('GET', '/api/admin/dlq');
    expect(stats.status).toBe(200);
    const body = stats.body as {
      success: boolean;
      stats: { totalCount: number; queues: Record<string, { count: number; oldestFailure: string | null }> };
    };
    expect(body.success).toBe(true);
    expect(Object.keys(body.stats.queues).sort()).toEqual(
      ['code-execution', 'evaluation-agent', 'interview-agent', 'notification', 'question-generation'].sort(),
    );
    expect(body.stats.queues['interview-agent']?.count).toBeGreaterThanOrEqual(102);
    expect(body.stats.queues['evaluation-agent']).toEqual({
      count: 0,
      oldestFailure: null,
      newestFailure: null,
    });

    const list = await api('GET', '/api/admin/dlq?queue=interview-agent&limit=10');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ success: true, queueName: 'interview-agent' });
    expect(list.body.jobCount).toBe(body.stats.queues['interview-agent']?.count);
    const jobs = list.body.jobs as Array<{ failedAt: string; jobId: string }>;
    expect(jobs).toHaveLength(10);
    const times = jobs.map((job) => Date.parse(job.failedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    expect((await api('GET', '/api/admin/dlq?queue=no-such-queue')).status).toBe(400);
    expect((await api('GET', '/api/admin/dlq?queue=interview-agent&limit=0')).status).toBe(400);
    expect(
      (await api('POST', '/api/admin/dlq', { action: 'explode', queue: 'interview-agent' })).status,
    ).toBe(400);
  });

  it('retries a dead job once: fresh attempts, processed, recorded; a second retry changes nothing', async () => {
    const sessionId = randomUUID();
    behaviour.set(sessionId, 'unrecoverable');
    const jobId = await registry.enqueue('interview-agent', interviewJob(sessionId), {
      jobId: `r-${sessionId}`,
    });
    await waitFor(() => rowOf('interview-agent', jobId), 'the dead-letter row');
    behaviour.set(sessionId, 'succeed');

    const [first, second] = await Promise.all([
      api('POST', '/api/admin/dlq', { action: 'retry', queue: 'interview-agent', jobId }),
      api('POST', '/api/admin/dlq', { action: 'retry', queue: 'interview-agent', jobId }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.retried, second.body.retried].sort()).toEqual([false, true]);
    await waitFor(async () => (processed.includes(sessionId) ? true : undefined), 'the retried job to run');
    expect(processed.filter((id) => id === sessionId)).toHaveLength(1);

    const row = await rowOf('interview-agent', jobId);
    expect(row).toMatchObject({ status: 'retried', retryCount: 1 });
    expect(row?.lastRetriedAt).toBeInstanceOf(Date);
    expect(await connection.exists(`${prefix}:dlq:interview-agent:${jobId}`)).toBe(0);
    const audit = await database.handle.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, `interview-agent/${jobId}`));
    expect(audit.map((entry) => entry.action)).toEqual(['dlq.retry']);

    const missing = await api('POST', '/api/admin/dlq', {
      action: 'retry',
      queue: 'interview-agent',
      jobId: 'nope',
    });
    expect(missing.status).toBe(404);
  });

  it('discards one job and clears a queue, returning clearedCount', async () => {
    const queue: QueueName = 'interview-agent';
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const sessionId = randomUUID();
      behaviour.set(sessionId, 'unrecoverable');
      ids.push(await registry.enqueue(queue, interviewJob(sessionId), { jobId: `c-${sessionId}` }));
    }
    for (const id of ids) await waitFor(() => rowOf(queue, id), 'dead rows');
    const discarded = await api('POST', '/api/admin/dlq', { action: 'discard', queue, jobId: ids[0] });
    expect(discarded.body).toMatchObject({ success: true, discarded: true });
    expect((await rowOf(queue, ids[0] ?? ''))?.status).toBe('discarded');

    const before = (await deadLetters.counts())[queue];
    const cleared = await api('POST', '/api/admin/dlq', { action: 'clear', queue });
    expect(cleared.body).toMatchObject({ success: true, action: 'clear', queue });
    expect(cleared.body.clearedCount).toBe(before);
    expect((await deadLetters.counts())[queue]).toBe(0);
    expect(await deadLetters.list(queue, 50)).toEqual([]);
    expect((await rowOf(queue, ids[2] ?? ''))?.status).toBe('discarded');
  });

  it('retry-all re-enqueues every dead job of one fingerprint', async () => {
    const sessionIds = [randomUUID(), randomUUID()];
    for (const sessionId of sessionIds) behaviour.set(sessionId, 'fail');
    const queue = registry.queue('interview-agent');
    for (const sessionId of sessionIds) {
      await queue.add('interview-agent', interviewJob(sessionId), { jobId: `a-${sessionId}`, attempts: 1 });
    }
    const rows = await Promise.all(
      sessionIds.map((id) => waitFor(() => rowOf('interview-agent', `a-${id}`), 'rows')),
    );
    expect(new Set(rows.map((row) => row.fingerprint)).size).toBe(1);
    for (const sessionId of sessionIds) behaviour.set(sessionId, 'succeed');
    const result = await api('POST', '/api/admin/dlq', {
      action: 'retry-all',
      queue: 'interview-agent',
      fingerprint: rows[0]?.fingerprint,
    });
    expect(result.body).toMatchObject({ success: true, retriedCount: 2, failed: [] });
    for (const sessionId of sessionIds) {
      await waitFor(async () => (processed.includes(sessionId) ? true : undefined), 'retried jobs to run');
    }
  });
});

describe('the sweeper and expiry', () => {
  it('moves failed jobs that no listener recorded', async () => {
    const queue = registry.queue('evaluation-agent');
    const sessionId = randomUUID();
    const job = await queue.add(
      'evaluation-agent',
      { version: 1, sessionId, scoringVersion: 'v1' },
      { jobId: `w-${sessionId}`, attempts: 1 },
    );
    // Fail it as a crashed worker would leave it: in BullMQ's failed set, never seen by our hook.
    const noop = async () => undefined;
    const bare = startWorkers({
      queues: ['evaluation-agent'],
      processors: {
        'evaluation-agent': async () => {
          throw new Error(`worker lost while scoring ${sessionId}`);
        },
        'interview-agent': noop,
        'code-execution': noop,
        'question-generation': noop,
        notification: noop,
      },
      redisUrl: testRedisUrl,
      prefix,
      logger: testLogger,
    });
    try {
      await waitFor(async () => ((await job.getState()) === 'failed' ? true : undefined), 'the job to fail');
    } finally {
      await bare.close();
    }
    expect(await rowOf('evaluation-agent', String(job.id))).toBeUndefined();

    const result = await deadLetters.sweep(new Date(Date.now() + 10_000));
    expect(result.moved).toBeGreaterThanOrEqual(1);
    const row = await rowOf('evaluation-agent', String(job.id));
    expect(row).toMatchObject({ status: 'dead', attemptsMade: 1 });
    expect(row?.error).toMatchObject({ name: 'Error', message: `worker lost while scoring ${sessionId}` });
    expect(await queue.getFailedCount()).toBe(0);
  });

  it('never lists an expired entry, and bounds each queue to maxEntries', async () => {
    const shortPrefix = uniquePrefix('dlq-exp');
    const shortRegistry = createQueueRegistry({ connection, prefix: shortPrefix });
    const short = createDeadLetterService({
      redis: connection,
      db: database.handle.db,
      queues: shortRegistry,
      prefix: shortPrefix,
      settings: { ...settings, ttlSeconds: 1, maxEntries: 3 },
      logger: testLogger,
    });
    try {
      const queue = shortRegistry.queue('question-generation');
      for (let i = 0; i < 5; i += 1) {
        const job = await queue.add('question-generation', {
          version: 1,
          difficulty: 'easy',
          language: 'python',
        });
        await job.moveToFailed(new Error(`generation ${i} failed`), '0', false).catch(() => undefined);
        const fresh = await queue.getJob(String(job.id));
        if (fresh) await short.moveToDeadLetter('question-generation', fresh);
      }
      expect((await short.counts())['question-generation']).toBe(3);
      expect(await short.list('question-generation', 10)).toHaveLength(3);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(await short.list('question-generation', 10)).toEqual([]);
      expect(await connection.zcard(`${shortPrefix}:dlq-index:question-generation`)).toBe(0);
      expect((await short.stats()).queues['question-generation']).toEqual({
        count: 0,
        oldestFailure: null,
        newestFailure: null,
      });
    } finally {
      await shortRegistry.close();
      await deleteKeysWithPrefix(shortPrefix);
    }
  });
});
