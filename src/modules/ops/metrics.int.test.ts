/**
 * Metrics on real PostgreSQL, Redis and BullMQ workers: /metrics for operators only, with live
 * queue counts, workers, job and HTTP durations; the history's samples (queue depth, dead letters,
 * LLM usage of the interval) and its query API; pruning; bull-board behind the operator guard.
 *
 * The tests share one database and place their rows in separate years (the pruning test's are
 * the oldest), so pruning and range queries of one test never touch another's rows. The
 * dead-letter counts come from a callback: the dead-letter service has its own integration
 * tests, and these prove what the metrics do with whatever it reports.
 */
import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { llmCalls, metricsSamples } from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { readLiveWorkers, readQueueCounts } from '../../platform/metrics/queue-figures.ts';
import {
  addCollectedGauges,
  createMetrics,
  installHttpMetrics,
  type Metrics,
  registerDatabasePoolGauge,
} from '../../platform/metrics/registry.ts';
import { queueNames } from '../../platform/queue/contracts.ts';
import { createQueueRegistry, type QueueRegistry } from '../../platform/queue/queues.ts';
import { type ProcessorMap, startWorkers, type WorkerPool } from '../../platform/queue/worker-runner.ts';
import { createRedisConnection } from '../../platform/redis/connection.ts';
import { registerBullBoard } from './bull-board.routes.ts';
import { registerMetricsRoutes } from './metrics.routes.ts';
import { createMetricsHistory, type MetricsHistoryService } from './metrics-history.service.ts';
import { sampleSlot } from './metrics-history.ts';

const operatorToken = 'operator-token-for-metrics-tests-0123456789';
const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`;
const bearer = `Bearer ${operatorToken}`;
const minute = 60_000;
const deadLetterFigures: Record<string, number> = { 'interview-agent': 0, notification: 4 };

let database: TestDatabase;
let connection: Redis;
let queues: QueueRegistry;
let workers: WorkerPool | undefined;
let metrics: Metrics;
let history: MetricsHistoryService;
let app: HttpServer;
const prefix = uniquePrefix('metrics');

async function scrape(): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: bearer } });
  expect(response.statusCode).toBe(200);
  return response.body;
}

/** The value of one exposition line, e.g. `interviewlm_queue_jobs{queue="x",state="waiting"}`. */
function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const agentJob = () => ({ version: 1 as const, sessionId: randomUUID(), kind: 'events_recorded' as const });
const evaluationJob = (scoringVersion: string) => ({
  version: 1 as const,
  sessionId: randomUUID(),
  scoringVersion,
});

beforeAll(async () => {
  database = await createTestDatabase();
  connection = createRedisConnection(testRedisUrl, 'producer', testLogger);
  queues = createQueueRegistry({ connection, prefix });
  metrics = createMetrics();
  addCollectedGauges(metrics, {
    queueCounts: () => readQueueCounts(queues),
    deadLetterCounts: async () => deadLetterFigures,
    liveWorkers: () => readLiveWorkers(queues),
  });
  registerDatabasePoolGauge(metrics, () => database.handle.poolStats());
  history = createMetricsHistory({
    db: database.handle.db,
    queues,
    deadLetterCounts: async () => deadLetterFigures,
    logger: testLogger,
    intervalMs: minute,
    retentionDays: 30,
  });
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  installHttpMetrics(app, metrics);
  registerMetricsRoutes(app, { metrics, history, operatorToken });
  registerBullBoard(app, { queues, operatorToken, logger: testLogger });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await workers?.close();
  await queues?.close();
  connection?.disconnect();
  await deleteKeysWithPrefix(prefix);
  await database?.drop();
});

describe('GET /metrics', () => {
  it('answers 401 without credentials, 403 with a wrong token, Prometheus text with the right one', async () => {
    const none = await app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHORIZED');
    const wrong = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer not-the-operator-token-at-all-0123456789' },
    });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: bearer } });
    expect(right.statusCode).toBe(200);
    expect(right.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(right.body).toContain('# TYPE interviewlm_queue_jobs gauge');
    expect(right.body).toContain('process_resident_memory_bytes');
  });

  it('shows queries waiting for a connection of the PostgreSQL pool while it is exhausted', async () => {
    const scrape = async () =>
      (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: bearer } })).body;
    const max = database.handle.poolStats()?.max ?? 0;
    expect(max).toBeGreaterThan(0);
    // Two more sleeping queries than the pool has connections: two of them must wait. (A drizzle
    // query starts when it is awaited: `then` starts each now.)
    const sleepers = Array.from({ length: max + 2 }, () =>
      database.handle.db.execute(sql`select pg_sleep(0.6)`).then(() => undefined),
    );
    const busy = await waitFor(async () => {
      const text = await scrape();
      return sampleValue(text, 'interviewlm_db_pool_connections{state="waiting"}') === 2 ? text : undefined;
    }, 'two queries waiting for a pool connection');
    expect(sampleValue(busy, 'interviewlm_db_pool_connections{state="open"}')).toBe(max);
    expect(sampleValue(busy, 'interviewlm_db_pool_connections{state="idle"}')).toBe(0);
    expect(sampleValue(busy, 'interviewlm_db_pool_connections{state="max"}')).toBe(max);
    await Promise.all(sleepers);
    const after = await scrape();
    expect(sampleValue(after, 'interviewlm_db_pool_connections{state="waiting"}')).toBe(0);
  });

  it('reports the real job counts of every queue, a paused queue’s jobs as paused, and dead letters', async () => {
    await Promise.all([
      queues.enqueue('interview-agent', agentJob()),
      queues.enqueue('interview-agent', agentJob()),
    ]);
    await queues.enqueue('interview-agent', agentJob());
    await queues.enqueue(
      'notification',
      { version: 1, channel: 'email', messageId: randomUUID() },
      { delayMs: 10 * minute },
    );
    await queues.queue('question-generation').pause();
    await queues.enqueue('question-generation', { version: 1, difficulty: 'easy', language: 'python' });

    const text = await scrape();
    for (const queue of queueNames) {
      for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'paused', 'completed', 'failed']) {
        expect(
          sampleValue(text, `interviewlm_queue_jobs{queue="${queue}",state="${state}"}`),
          `${queue} ${state}`,
        ).toBeDefined();
      }
    }
    expect(sampleValue(text, 'interviewlm_queue_jobs{queue="interview-agent",state="waiting"}')).toBe(3);
    expect(sampleValue(text, 'interviewlm_queue_jobs{queue="notification",state="delayed"}')).toBe(1);
    expect(sampleValue(text, 'interviewlm_queue_jobs{queue="notification",state="waiting"}')).toBe(0);
    expect(sampleValue(text, 'interviewlm_queue_jobs{queue="question-generation",state="paused"}')).toBe(1);
    expect(sampleValue(text, 'interviewlm_queue_jobs{queue="question-generation",state="waiting"}')).toBe(0);
    expect(sampleValue(text, 'interviewlm_dead_letter_jobs{queue="notification"}')).toBe(4);
    expect(sampleValue(text, 'interviewlm_queue_workers{queue="evaluation-agent"}')).toBe(0);
    expect(sampleValue(text, 'interviewlm_metrics_source_up{source="queue_counts"}')).toBe(1);
  });

  it('counts live workers and records job durations and failures through the worker hook', async () => {
    const processors = Object.fromEntries(
      queueNames.map((name) => [
        name,
        async (payload: { scoringVersion?: string }) => {
          if (payload.scoringVersion === 'broken') throw new UnrecoverableError('scoring version is broken');
        },
      ]),
    ) as unknown as ProcessorMap;
    workers = startWorkers({
      queues: ['evaluation-agent'],
      processors,
      redisUrl: testRedisUrl,
      prefix,
      logger: testLogger,
      hooks: { onJobFinished: metrics.observeJob },
    });
    await queues.enqueue('evaluation-agent', evaluationJob('v1'));
    await queues.enqueue('evaluation-agent', evaluationJob('broken'));

    const text = await waitFor(async () => {
      const body = await scrape();
      const done = sampleValue(body, 'interviewlm_queue_jobs{queue="evaluation-agent",state="completed"}');
      const failed = sampleValue(body, 'interviewlm_queue_jobs{queue="evaluation-agent",state="failed"}');
      const live = sampleValue(body, 'interviewlm_queue_workers{queue="evaluation-agent"}');
      return done === 1 && failed === 1 && live === 1 ? body : undefined;
    }, 'both evaluation jobs to finish with a live worker');
    expect(
      sampleValue(
        text,
        'interviewlm_job_duration_seconds_count{queue="evaluation-agent",outcome="completed"}',
      ),
    ).toBe(1);
    expect(
      sampleValue(text, 'interviewlm_job_duration_seconds_count{queue="evaluation-agent",outcome="failed"}'),
    ).toBe(1);
    expect(sampleValue(text, 'interviewlm_job_failures_total{queue="evaluation-agent"}')).toBe(1);
    expect(sampleValue(text, 'interviewlm_queue_workers{queue="interview-agent"}')).toBe(0);
  });

  it('records HTTP durations by route pattern and status', async () => {
    const from = '2031-01-01T00:00:00.000Z';
    const to = '2031-01-01T01:00:00.000Z';
    for (let i = 0; i < 3; i++) {
      await app.inject({
        method: 'GET',
        url: `/api/admin/metrics?series=queue_depth&from=${from}&to=${to}&queue=notification`,
        headers: { authorization: bearer },
      });
    }
    await app.inject({ method: 'GET', url: '/metrics' });
    const text = await scrape();
    expect(
      sampleValue(
        text,
        'interviewlm_http_request_duration_seconds_count{method="GET",route="/api/admin/metrics",status_code="200"}',
      ),
    ).toBe(3);
    expect(
      sampleValue(
        text,
        'interviewlm_http_request_duration_seconds_count{method="GET",route="/metrics",status_code="401"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('series=queue_depth');
  });
});

describe('metrics history', () => {
  it('samples queue depth and dead letters per queue and the LLM usage of the interval just ended', async () => {
    const samplePrefix = uniquePrefix('metrics-sample');
    const sampleQueues = createQueueRegistry({ connection, prefix: samplePrefix });
    const sampler = createMetricsHistory({
      db: database.handle.db,
      queues: sampleQueues,
      deadLetterCounts: async () => ({ 'interview-agent': 2, notification: 0 }),
      cacheHitRate: async () => 0.75,
      logger: testLogger,
      intervalMs: minute,
      retentionDays: 30,
    });
    try {
      await sampleQueues.enqueue('interview-agent', agentJob());
      await sampleQueues.enqueue('interview-agent', agentJob());
      await sampleQueues.enqueue(
        'code-execution',
        { version: 1, runId: randomUUID(), request: {} },
        { delayMs: minute },
      );

      const now = new Date('2032-05-01T12:00:30.000Z');
      const { at, windowStart } = sampleSlot(now, minute);
      expect(at.toISOString()).toBe('2032-05-01T12:00:00.000Z');
      const call = (createdAt: Date, inputTokens: number, outputTokens: number, costUsd: number) => ({
        purpose: 'assistant',
        provider: 'offline',
        model: 'test',
        inputTokens,
        outputTokens,
        costUsd,
        latencyMs: 10,
        outcome: 'ok' as const,
        createdAt,
      });
      await database.handle.db.insert(llmCalls).values([
        call(new Date(windowStart.getTime() + 1), 100, 50, 0.0125),
        call(at, 30, 20, 0.5),
        // Outside (windowStart, at]: the previous and the next interval own these.
        call(windowStart, 1_000, 1_000, 9),
        call(new Date(at.getTime() + 1), 1_000, 1_000, 9),
      ]);

      const written = await sampler.sampleOnce(now);
      expect(written).toBe(queueNames.length + 2 + 3);
      const rows = await database.handle.db
        .select()
        .from(metricsSamples)
        .where(eq(metricsSamples.sampledAt, at));
      const valueFor = (name: string, queue?: string) =>
        rows.find((row) => row.name === name && row.labels.queue === queue)?.value;
      for (const queue of queueNames) expect(valueFor('queue_depth', queue), queue).toBeDefined();
      expect(valueFor('queue_depth', 'interview-agent')).toBe(2);
      expect(valueFor('queue_depth', 'code-execution')).toBe(1);
      expect(valueFor('queue_depth', 'notification')).toBe(0);
      expect(valueFor('dead_letter_count', 'interview-agent')).toBe(2);
      expect(valueFor('dead_letter_count', 'notification')).toBe(0);
      expect(valueFor('llm_tokens')).toBe(200);
      expect(valueFor('llm_cost_usd')).toBeCloseTo(0.5125, 6);
      expect(valueFor('question_cache_hit_rate')).toBe(0.75);

      // A second sample of the same slot (a second process, or a late timer) writes nothing.
      expect(await sampler.sampleOnce(new Date('2032-05-01T12:00:59.000Z'))).toBe(0);
      const again = await database.handle.db
        .select()
        .from(metricsSamples)
        .where(eq(metricsSamples.sampledAt, at));
      expect(again).toHaveLength(rows.length);
    } finally {
      await sampleQueues.close();
      await deleteKeysWithPrefix(samplePrefix);
    }
  });

  it('writes zeros for an interval without LLM calls, no hit-rate row without a rate, and survives a failing source', async () => {
    const sampler = createMetricsHistory({
      db: database.handle.db,
      queues,
      deadLetterCounts: async () => {
        throw new Error('dead-letter store unreachable');
      },
      cacheHitRate: async () => null,
      logger: testLogger,
      intervalMs: minute,
      retentionDays: 30,
    });
    const now = new Date('2033-01-01T00:00:10.000Z');
    const { at } = sampleSlot(now, minute);
    expect(await sampler.sampleOnce(now)).toBe(queueNames.length + 2);
    const rows = await database.handle.db
      .select()
      .from(metricsSamples)
      .where(eq(metricsSamples.sampledAt, at));
    expect(rows.filter((row) => row.name === 'queue_depth')).toHaveLength(queueNames.length);
    expect(rows.filter((row) => row.name === 'dead_letter_count')).toHaveLength(0);
    expect(rows.filter((row) => row.name === 'question_cache_hit_rate')).toHaveLength(0);
    expect(rows.find((row) => row.name === 'llm_tokens')?.value).toBe(0);
    expect(rows.find((row) => row.name === 'llm_cost_usd')?.value).toBe(0);
  });

  it('samples on its own once started, prunes at start, and stops cleanly', async () => {
    const intervalMs = 1_000;
    const stale = new Date(Date.now() - 31 * 24 * 60 * minute);
    await database.handle.db
      .insert(metricsSamples)
      .values({ name: 'queue_depth', labels: { queue: 'stale' }, value: 1, sampledAt: stale });
    const sampler = createMetricsHistory({
      db: database.handle.db,
      queues,
      deadLetterCounts: async () => deadLetterFigures,
      logger: testLogger,
      intervalMs,
      retentionDays: 30,
    });
    const startedAt = Date.now();
    const recentSlots = async () => {
      const rows = await database.handle.db
        .select({ at: metricsSamples.sampledAt })
        .from(metricsSamples)
        .where(
          sql`${metricsSamples.name} = 'llm_tokens' and ${metricsSamples.sampledAt} >= ${new Date(startedAt - 2 * intervalMs).toISOString()}::timestamptz and ${metricsSamples.sampledAt} < '2030-01-01'`,
        );
      return rows.map((row) => row.at.getTime());
    };
    sampler.start();
    try {
      const slots = await waitFor(async () => {
        const found = await recentSlots();
        return found.length >= 2 ? found : undefined;
      }, 'two samples from the timer');
      // One sample per slot, on slot boundaries.
      expect(new Set(slots).size).toBe(slots.length);
      for (const slot of slots) expect(slot % intervalMs).toBe(0);
      const staleRows = await database.handle.db
        .select()
        .from(metricsSamples)
        .where(sql`${metricsSamples.labels}->>'queue' = 'stale'`);
      expect(staleRows).toHaveLength(0);
    } finally {
      await sampler.stop();
    }
    const afterStop = (await recentSlots()).length;
    await new Promise((resolve) => setTimeout(resolve, 2 * intervalMs));
    expect((await recentSlots()).length).toBe(afterStop);
  });

  it('prunes samples older than the retention and keeps the rest', async () => {
    // Before every other test's rows, so the count below is this test's alone.
    const now = new Date('2020-06-01T00:00:00.000Z');
    const day = 24 * 60 * minute;
    await database.handle.db.insert(metricsSamples).values([
      {
        name: 'queue_depth',
        labels: { queue: 'prune' },
        value: 1,
        sampledAt: new Date(now.getTime() - 31 * day),
      },
      {
        name: 'queue_depth',
        labels: { queue: 'prune' },
        value: 2,
        sampledAt: new Date(now.getTime() - 40 * day),
      },
      {
        name: 'queue_depth',
        labels: { queue: 'prune' },
        value: 3,
        sampledAt: new Date(now.getTime() - 29 * day),
      },
    ]);
    const pruneRows = () =>
      database.handle.db
        .select()
        .from(metricsSamples)
        .where(sql`${metricsSamples.labels}->>'queue' = 'prune'`);
    expect(await history.prune(now)).toBe(2);
    expect((await pruneRows()).map((row) => row.value)).toEqual([3]);
    expect(await history.prune(now)).toBe(0);
  });
});

describe('GET /api/admin/metrics', () => {
  const base = Date.parse('2034-03-01T10:00:00.000Z');
  const at = (minutes: number) => new Date(base + minutes * minute);

  beforeAll(async () => {
    await database.handle.db.insert(metricsSamples).values([
      { name: 'dead_letter_count', labels: { queue: 'notification' }, value: 7, sampledAt: at(10) },
      { name: 'dead_letter_count', labels: { queue: 'notification' }, value: 5, sampledAt: at(0) },
      { name: 'dead_letter_count', labels: { queue: 'notification' }, value: 6, sampledAt: at(5) },
      { name: 'dead_letter_count', labels: { queue: 'notification' }, value: 8, sampledAt: at(30) },
      { name: 'dead_letter_count', labels: { queue: 'notification' }, value: 99, sampledAt: at(-1) },
      { name: 'dead_letter_count', labels: { queue: 'notification' }, value: 99, sampledAt: at(31) },
      { name: 'dead_letter_count', labels: { queue: 'code-execution' }, value: 1, sampledAt: at(5) },
      { name: 'queue_depth', labels: { queue: 'notification' }, value: 50, sampledAt: at(5) },
      { name: 'llm_tokens', labels: {}, value: 10, sampledAt: at(2) },
      { name: 'llm_tokens', labels: {}, value: 20, sampledAt: at(3) },
    ]);
  });

  async function query(params: string, authorization: string | null = bearer) {
    return app.inject({
      method: 'GET',
      url: `/api/admin/metrics?${params}`,
      headers: authorization ? { authorization } : {},
    });
  }

  it('answers the points of one series and queue within [from, to], in time order', async () => {
    const response = await query(
      `series=dead_letter_count&queue=notification&from=${at(0).toISOString()}&to=${at(30).toISOString()}`,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      success: true,
      series: 'dead_letter_count',
      from: at(0).toISOString(),
      to: at(30).toISOString(),
    });
    expect(body.points).toEqual([
      { at: at(0).toISOString(), value: 5, labels: { queue: 'notification' } },
      { at: at(5).toISOString(), value: 6, labels: { queue: 'notification' } },
      { at: at(10).toISOString(), value: 7, labels: { queue: 'notification' } },
      { at: at(30).toISOString(), value: 8, labels: { queue: 'notification' } },
    ]);
  });

  it('answers every queue’s points without a queue, and adds up LLM totals over wide buckets', async () => {
    const all = (
      await query(`series=dead_letter_count&from=${at(4).toISOString()}&to=${at(6).toISOString()}`)
    ).json();
    expect(all.points.map((point: { labels: { queue: string } }) => point.labels.queue)).toEqual([
      'code-execution',
      'notification',
    ]);
    const month = (
      await query(
        `series=llm_tokens&from=${new Date(base - 30 * 24 * 60 * minute).toISOString()}&to=${at(60).toISOString()}`,
      )
    ).json();
    expect(month.stepSeconds).toBe(3_600);
    expect(month.points).toHaveLength(1);
    expect(month.points[0].value).toBe(30);
  });

  it('defaults to the last 24 hours', async () => {
    const response = await query('series=queue_depth');
    expect(response.statusCode).toBe(200);
    const { from, to } = response.json();
    expect(Date.parse(to) - Date.parse(from)).toBe(24 * 60 * minute);
    expect(Math.abs(Date.parse(to) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses bad ranges and parameters with a 400 that names the field', async () => {
    const cases: Array<[string, string]> = [
      [`series=queue_depth&from=${at(10).toISOString()}&to=${at(0).toISOString()}`, 'querystring.to'],
      [`series=queue_depth&from=${at(0).toISOString()}&to=${at(0).toISOString()}`, 'querystring.to'],
      [
        `series=queue_depth&from=${at(-32 * 24 * 60).toISOString()}&to=${at(0).toISOString()}`,
        'querystring.from',
      ],
      ['series=queue_depth&from=yesterday', 'querystring.from'],
      ['from=2034-03-01T10:00:00Z', 'querystring.series'],
      ['series=cpu', 'querystring.series'],
      ['series=llm_tokens&queue=notification', 'querystring.queue'],
      ['series=queue_depth&queue=no-such-queue', 'querystring.queue'],
    ];
    for (const [params, field] of cases) {
      const response = await query(params);
      expect(response.statusCode, params).toBe(400);
      const { error } = response.json();
      expect(error.code, params).toBe('VALIDATION_FAILED');
      expect(
        error.fields.map((problem: { path: string }) => problem.path),
        params,
      ).toContain(field);
    }
  });

  it('admits operators only', async () => {
    expect((await query('series=queue_depth', null)).statusCode).toBe(401);
    expect((await query('series=queue_depth', basic('wrong-password-wrong-password-0123'))).statusCode).toBe(
      403,
    );
  });
});

describe('bull-board at /admin/queues', () => {
  it('prompts a browser for credentials and serves the dashboard to the operator', async () => {
    const none = await app.inject({ method: 'GET', url: '/admin/queues' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic realm=/);
    const wrong = await app.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: { authorization: basic('guess') },
    });
    expect(wrong.statusCode).toBe(403);

    const page = await app.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: { authorization: basic(operatorToken) },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<base href="/admin/queues/"');
    expect(page.body).toContain('<div id="root">');
    const nested = await app.inject({
      method: 'GET',
      url: '/admin/queues/queue/notification',
      headers: { authorization: basic(operatorToken) },
    });
    expect(nested.statusCode).toBe(200);

    // Every asset the page loads is behind the guard too.
    const assets = [...page.body.matchAll(/(?:href|src)="(static\/[^"]+)"/g)].map(
      (match) => `/admin/queues/${match[1]}`,
    );
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect((await app.inject({ method: 'GET', url: asset })).statusCode, asset).toBe(401);
      expect(
        (await app.inject({ method: 'GET', url: asset, headers: { authorization: basic(operatorToken) } }))
          .statusCode,
        asset,
      ).toBe(200);
    }
  });

  it('serves its API to the operator only, query strings included', async () => {
    const unauthorised = await app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(unauthorised.statusCode).toBe(401);
    const pause = await app.inject({ method: 'PUT', url: '/admin/queues/api/queues/pause' });
    expect(pause.statusCode).toBe(401);

    const response = await app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues?activeQueue=interview-agent&status=waiting&page=1&jobsPerPage=10',
      headers: { authorization: basic(operatorToken) },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(body.queues.map((queue) => queue.name).sort()).toEqual([...queueNames].sort());
    const agent = body.queues.find((queue) => queue.name === 'interview-agent');
    expect(agent?.counts.waiting).toBe(3);

    const withBearer = await app.inject({
      method: 'GET',
      url: '/admin/queues/api/redis/stats',
      headers: { authorization: bearer },
    });
    expect(withBearer.statusCode).toBe(200);
  });
});
