/**
 * What our queue layer costs against raw BullMQ on the same Redis in the same run:
 *   - throughput of trivial jobs end to end (enqueue → processed), ours = `createQueueRegistry`
 *     (zod validation, policy) + `startWorkers` (validation, metrics hook, dead-letter hook)
 *     versus a bare `Queue.add` + `Worker` with the same concurrency; target ≥ 0.7×;
 *   - enqueue latency p50/p99, ours versus raw;
 *   - GET /api/health/workers p50 over HTTP with live workers; target ≤ 5 ms;
 *   - Redis memory while 30 000 jobs flow through our layer, from an empty completed set: it grows
 *     until retention (10 000 completed jobs) applies, then stays flat.
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379); every key lives under a unique prefix and is
 * deleted at the end. The database (for the dead-letter hook and /api/health) is PGlite in a
 * temporary directory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  createDeadLetterService,
  createHealthService,
  registerHealthRoutes,
} from '../src/modules/ops/index.ts';
import { type DatabaseHandle, openDatabase } from '../src/platform/db/client.ts';
import { createHttpServer, type HttpServer } from '../src/platform/http/server.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createMetrics } from '../src/platform/metrics/registry.ts';
import { queueContracts } from '../src/platform/queue/contracts.ts';
import { createQueueRegistry, type QueueRegistry } from '../src/platform/queue/queues.ts';
import { type ProcessorMap, startWorkers, type WorkerPool } from '../src/platform/queue/worker-runner.ts';
import { redisOptionsForRole } from '../src/platform/redis/connection.ts';
import type { Benchmark, BenchmarkReport } from './run.ts';
import { unlinkKeys } from './scratch-services.ts';
import { summarizeLatencies } from './stats.ts';

const ROUNDS = 4;
const JOBS_PER_ROUND = 2_000;
const ENQUEUE_SAMPLES = 1_000;
const MEMORY_BLOCKS = 6;
const MEMORY_BLOCK_JOBS = 5_000;
const HEALTH_SAMPLES = 300;
const TARGETS = { throughputRatio: 0.7, healthP50Ms: 5 };
const concurrency = queueContracts['interview-agent'].policy.concurrency;

const payload = () => ({ version: 1 as const, sessionId: randomUUID(), kind: 'events_recorded' as const });

/** Counts processed jobs and resolves waiters when a target count is reached. */
function createCounter() {
  let count = 0;
  let waiter: { target: number; resolve: () => void } | undefined;
  return {
    hit() {
      count += 1;
      if (waiter && count >= waiter.target) {
        waiter.resolve();
        waiter = undefined;
      }
    },
    reached(target: number): Promise<void> {
      if (count >= target) return Promise.resolve();
      return new Promise((resolve) => {
        waiter = { target, resolve };
      });
    },
    get value() {
      return count;
    },
  };
}

/** Enqueues `jobs` in concurrent chunks and waits until the counter has seen them all; jobs/s. */
async function pushThrough(
  jobs: number,
  counter: ReturnType<typeof createCounter>,
  add: () => Promise<unknown>,
) {
  const target = counter.value + jobs;
  const started = performance.now();
  for (let sent = 0; sent < jobs; sent += 100) {
    await Promise.all(Array.from({ length: Math.min(100, jobs - sent) }, add));
  }
  await counter.reached(target);
  return jobs / ((performance.now() - started) / 1000);
}

async function usedMemoryBytes(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

const median = (values: number[]) => summarizeLatencies(values).medianMs;

async function run(): Promise<BenchmarkReport> {
  const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  const prefix = `bench-queue-${process.pid}-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ level: 'warn', name: 'bench' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'interviewlm-bench-'));
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  let database: DatabaseHandle | undefined;
  let registry: QueueRegistry | undefined;
  let ours: WorkerPool | undefined;
  let rawQueue: Queue | undefined;
  let rawWorker: Worker | undefined;
  let app: HttpServer | undefined;
  try {
    database = await openDatabase({ url: undefined, dataDir, logger });
    await database.migrate();
    registry = createQueueRegistry({ connection, prefix });
    const deadLetters = createDeadLetterService({
      redis: connection,
      db: database.db,
      queues: registry,
      prefix,
      settings: { ttlSeconds: 3_600, maxEntries: 10_000, dbRetentionDays: 180, sweepIntervalMs: 60_000 },
      logger,
    });
    const metrics = createMetrics();
    const oursCounter = createCounter();
    const noop = async () => undefined;
    const processors: ProcessorMap = {
      'interview-agent': async () => {
        oursCounter.hit();
      },
      'evaluation-agent': noop,
      'code-execution': noop,
      'question-generation': noop,
      notification: noop,
    };
    ours = startWorkers({
      queues: ['interview-agent'],
      processors,
      redisUrl,
      prefix,
      logger,
      hooks: { onFinalFailure: deadLetters.onFinalFailure, onJobFinished: metrics.observeJob },
    });

    const rawCounter = createCounter();
    rawQueue = new Queue('raw-bench', { connection, prefix });
    rawWorker = new Worker(
      'raw-bench',
      async (_job: Job) => {
        rawCounter.hit();
      },
      { connection: redisOptionsForRole(redisUrl, 'worker') as ConnectionOptions, prefix, concurrency },
    );
    const raw = rawQueue;
    const registryOf = registry;
    // The raw side gets the same retention as ours, so neither pays for growing sets.
    const rawOptions = { removeOnComplete: { count: 10_000 }, removeOnFail: { count: 10_000 } };
    const addOurs = () => registryOf.enqueue('interview-agent', payload());
    const addRaw = () => raw.add('raw-bench', payload(), rawOptions);

    // Warm-up: connections, scripts loaded, JIT.
    await pushThrough(500, oursCounter, addOurs);
    await pushThrough(500, rawCounter, addRaw);

    const rates = { ours: [] as number[], raw: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (['ours', 'raw'] as const) : (['raw', 'ours'] as const);
      for (const side of order) {
        rates[side].push(
          side === 'ours'
            ? await pushThrough(JOBS_PER_ROUND, oursCounter, addOurs)
            : await pushThrough(JOBS_PER_ROUND, rawCounter, addRaw),
        );
      }
    }

    const enqueueMs = { ours: [] as number[], raw: [] as number[] };
    for (let i = 0; i < ENQUEUE_SAMPLES; i += 1) {
      for (const side of i % 2 === 0 ? (['ours', 'raw'] as const) : (['raw', 'ours'] as const)) {
        const started = performance.now();
        await (side === 'ours' ? addOurs() : addRaw());
        enqueueMs[side].push(performance.now() - started);
      }
    }
    await oursCounter.reached(oursCounter.value);

    app = await createHttpServer({
      logger,
      trustProxy: false,
      rateLimitPerMinute: 100_000,
      version: 'bench',
    });
    registerHealthRoutes(
      app,
      createHealthService({
        database,
        redis: connection,
        queues: registry,
        logger,
        version: 'bench',
        startedAt: new Date(),
      }),
    );
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const healthMs: number[] = [];
    for (let i = 0; i < HEALTH_SAMPLES + 50; i += 1) {
      const started = performance.now();
      const response = await fetch(`${base}/api/health/workers`);
      await response.arrayBuffer();
      if (i >= 50) healthMs.push(performance.now() - started);
    }

    // Start the memory phase from an empty completed set, so both the growth and the plateau show.
    await registryOf.queue('interview-agent').clean(0, 1_000_000, 'completed');
    const baseline = await usedMemoryBytes(connection);
    const memory: Array<{ jobs: number; bytes: number; kept: number }> = [];
    let flowed = 0;
    for (let block = 0; block < MEMORY_BLOCKS; block += 1) {
      await pushThrough(MEMORY_BLOCK_JOBS, oursCounter, addOurs);
      flowed += MEMORY_BLOCK_JOBS;
      // Completed jobs are trimmed by BullMQ as new ones complete; give the last trim a moment.
      await new Promise((resolve) => setTimeout(resolve, 200));
      memory.push({
        jobs: flowed,
        bytes: (await usedMemoryBytes(connection)) - baseline,
        kept: await registryOf.queue('interview-agent').getCompletedCount(),
      });
    }

    const ratio = median(rates.ours) / median(rates.raw);
    const oursEnqueue = summarizeLatencies(enqueueMs.ours);
    const rawEnqueue = summarizeLatencies(enqueueMs.raw);
    const p99 = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.99) - 1] ?? 0;
    const health = summarizeLatencies(healthMs);
    const last = memory.at(-1);
    const atRetention = memory.find((sample) => sample.jobs >= 15_000);
    // Growth past the point where retention applies, relative to what the kept jobs take.
    const growth = last && atRetention ? (last.bytes - atRetention.bytes) / atRetention.bytes : Number.NaN;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    return {
      headers: ['measure', 'ours', 'raw BullMQ', 'ours / raw'],
      rows: [
        [
          `jobs/s end to end (median of ${ROUNDS} × ${JOBS_PER_ROUND})`,
          median(rates.ours).toFixed(0),
          median(rates.raw).toFixed(0),
          `${ratio.toFixed(2)}x`,
        ],
        [
          'enqueue p50 ms',
          oursEnqueue.medianMs.toFixed(3),
          rawEnqueue.medianMs.toFixed(3),
          `${(oursEnqueue.medianMs / rawEnqueue.medianMs).toFixed(2)}x`,
        ],
        [
          'enqueue p99 ms',
          p99(enqueueMs.ours).toFixed(3),
          p99(enqueueMs.raw).toFixed(3),
          `${(p99(enqueueMs.ours) / p99(enqueueMs.raw)).toFixed(2)}x`,
        ],
        ...memory.map((sample) => [
          `Redis memory growth after ${sample.jobs} jobs (completed kept: ${sample.kept})`,
          `${mb(sample.bytes)} MB`,
          '',
          '',
        ]),
      ],
      lines: [
        `worker concurrency ${concurrency} on both sides; retention keeps 10 000 completed jobs`,
        `GET /api/health/workers: p50 ${health.medianMs.toFixed(2)} ms, p95 ${health.p95Ms.toFixed(2)} ms (target p50 <= ${TARGETS.healthP50Ms} ms: ${health.medianMs <= TARGETS.healthP50Ms ? 'meets target' : 'MISSES target'})`,
        `Redis memory from 15 000 to ${last?.jobs ?? 0} jobs: ${(growth * 100).toFixed(1)} % (flat once retention applies)`,
        `throughput, ours / raw BullMQ: ${ratio.toFixed(2)}x (target >= ${TARGETS.throughputRatio}x: ${ratio >= TARGETS.throughputRatio ? 'meets target' : 'MISSES target'})`,
      ],
    };
  } finally {
    await app?.close();
    await ours?.close();
    await rawWorker?.close();
    await rawQueue?.close();
    await registry?.close();
    await unlinkKeys(connection, prefix).catch(() => undefined);
    connection.disconnect();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'queue',
  description: 'our queue layer against raw BullMQ: throughput, enqueue latency, health p50, Redis memory',
  run,
};
