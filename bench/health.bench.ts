/**
 * Cost of GET /api/health/workers (a Redis PING, then per queue the job counts and a CLIENT LIST
 * for live workers) against a no-op route on the same fastify server, measured side by side over
 * real HTTP. The server is built from the real modules with real workers on a real Redis, so
 * worker counts are real; PGlite in a temporary directory answers the database ping of
 * /api/health, which is measured as well.
 *
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379) names the Redis; every key lives under a
 * unique QUEUE_PREFIX and is deleted at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createHealthService, registerHealthRoutes } from '../src/modules/ops/index.ts';
import { type DatabaseHandle, openDatabase } from '../src/platform/db/client.ts';
import { createHttpServer, type HttpServer } from '../src/platform/http/server.ts';
import { createLogger } from '../src/platform/logger.ts';
import { queueContracts, queueNames } from '../src/platform/queue/contracts.ts';
import { createQueueRegistry, type QueueRegistry } from '../src/platform/queue/queues.ts';
import { type ProcessorMap, startWorkers, type WorkerPool } from '../src/platform/queue/worker-runner.ts';
import { createRedisConnection } from '../src/platform/redis/connection.ts';
import type { Benchmark, BenchmarkReport } from './run.ts';
import { summarizeLatencies } from './stats.ts';

/** Requests per route before measuring: JIT, connection pools and fastify's caches warm up. */
const WARMUP_REQUESTS = 300;
/** Rounds of measurement; within a round every route gets one batch, in a rotating order. */
const ROUNDS = 30;
const BATCH = 40;

interface Route {
  label: string;
  url: string;
}

/** One request, body read to the end (so the connection is free for the next); returns ms. */
async function timeRequest(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return elapsed;
}

/** Polls /api/health/workers until every queue reports a live worker (workers connect lazily). */
async function waitForWorkers(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(url);
    const body = (await response.json()) as {
      queues: Record<string, { workers: number } | null>;
      totals: { workers: number } | null;
    };
    const counts = queueNames.map((name) => body.queues[queueContracts[name].key]?.workers ?? 0);
    if (response.status === 200 && counts.every((count) => count >= 1)) return body.totals?.workers ?? 0;
    last = `status ${response.status}, workers per queue ${counts.join(',')}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`workers did not all register within ${timeoutMs} ms (${last})`);
}

/** Deletes every key under `prefix:`; resolves with how many there were. */
async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** The URL for messages: a password in it is never printed. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const formatMs = (ms: number) => ms.toFixed(3);

/** Measures every route in interleaved rounds, so machine noise lands on all of them alike. */
async function measure(routes: Route[]): Promise<Map<string, number[]>> {
  for (const route of routes) {
    for (let i = 0; i < WARMUP_REQUESTS; i += 1) await timeRequest(route.url);
  }
  const samples = new Map<string, number[]>(routes.map((route) => [route.label, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let offset = 0; offset < routes.length; offset += 1) {
      const route = routes[(round + offset) % routes.length];
      if (!route) continue;
      const list = samples.get(route.label) ?? [];
      for (let i = 0; i < BATCH; i += 1) list.push(await timeRequest(route.url));
    }
  }
  return samples;
}

async function run(): Promise<BenchmarkReport> {
  const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  const prefix = `bench-health-${process.pid}-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ level: 'warn', name: 'bench' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'interviewlm-bench-'));

  // Fail fast with a clear message rather than through ioredis' reconnect loop.
  const admin = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  admin.on('error', () => {});
  try {
    await admin.connect();
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      `cannot reach Redis at BENCH_REDIS_URL=${withoutPassword(redisUrl)}: ${(error as Error).message}`,
    );
  }

  let database: DatabaseHandle | undefined;
  let probe: Redis | undefined;
  let queues: QueueRegistry | undefined;
  let workers: WorkerPool | undefined;
  let app: HttpServer | undefined;
  let deletedKeys = -1;
  try {
    database = await openDatabase({ url: undefined, dataDir, logger });
    // The same wiring as src/main.ts for the api role: a fail-fast probe connection and queues on it.
    probe = createRedisConnection(redisUrl, 'probe', logger);
    queues = createQueueRegistry({ connection: probe, prefix });
    workers = startWorkers({
      queues: queueNames,
      // Live workers on every queue are what the benchmark needs; no job is ever enqueued.
      processors: Object.fromEntries(
        queueNames.map((name) => [
          name,
          async () => {
            throw new Error(`the health benchmark runs no ${name} job`);
          },
        ]),
      ) as unknown as ProcessorMap,
      redisUrl,
      prefix,
      logger,
    });
    app = await createHttpServer({
      logger,
      trustProxy: false,
      rateLimitPerMinute: 600,
      rateLimitRedis: probe,
      version: 'bench',
    });
    registerHealthRoutes(
      app,
      createHealthService({
        database,
        redis: probe,
        queues,
        logger,
        version: 'bench',
        startedAt: new Date(),
      }),
    );
    // Exempt from rate limiting like the health routes, so the difference is the health work alone.
    app.get('/bench/noop', { config: { rateLimit: false }, schema: { hide: true } }, async () => ({
      ok: true,
    }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    const noop: Route = { label: 'GET /bench/noop', url: `${base}/bench/noop` };
    const workerHealth: Route = { label: 'GET /api/health/workers', url: `${base}/api/health/workers` };
    const platformHealth: Route = { label: 'GET /api/health', url: `${base}/api/health` };
    const liveWorkers = await waitForWorkers(workerHealth.url, 10_000);
    const redisClients = /connected_clients:(\d+)/.exec(await admin.info('clients'))?.[1] ?? '?';

    const samples = await measure([noop, workerHealth, platformHealth]);
    const summaries = new Map(
      [...samples].map(([label, values]) => [label, summarizeLatencies(values)] as const),
    );
    const baseline = summaries.get(noop.label);
    const rows = [noop, workerHealth, platformHealth].map((route) => {
      const summary = summaries.get(route.label);
      if (!summary || !baseline) throw new Error(`no figures for ${route.label}`);
      return [
        route.label,
        String(summary.count),
        formatMs(summary.medianMs),
        formatMs(summary.p95Ms),
        summary.requestsPerSecond.toFixed(0),
        `${(summary.medianMs / baseline.medianMs).toFixed(2)}x`,
      ];
    });
    const ratio = (route: Route) =>
      ((summaries.get(route.label)?.medianMs ?? Number.NaN) / (baseline?.medianMs ?? Number.NaN)).toFixed(2);

    await app.close();
    app = undefined;
    await workers.close();
    workers = undefined;
    await queues.close();
    queues = undefined;
    probe.disconnect();
    probe = undefined;
    deletedKeys = await deleteKeys(admin, prefix);

    return {
      headers: ['route', 'requests', 'median ms', 'p95 ms', 'req/s', 'vs noop'],
      rows,
      lines: [
        `setup: ${queueNames.length} queues, ${liveWorkers} live workers, ${redisClients} clients on Redis, ` +
          `${ROUNDS} interleaved rounds of ${BATCH} sequential requests per route after ${WARMUP_REQUESTS} warm-up`,
        `cleanup: deleted ${deletedKeys} keys under ${prefix}:`,
        `ratio /api/health/noop median: ${ratio(platformHealth)}`,
        `ratio health/noop median: ${ratio(workerHealth)}`,
      ],
    };
  } finally {
    // On failure part-way, close whatever was opened; on success these are already undefined.
    await app?.close().catch(() => {});
    await workers?.close().catch(() => {});
    await queues?.close().catch(() => {});
    probe?.disconnect();
    if (deletedKeys < 0) await deleteKeys(admin, prefix).catch(() => 0);
    admin.disconnect();
    await database?.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The health-endpoint benchmark, picked up by bench/run.ts. */
export const benchmark: Benchmark = {
  name: 'health',
  description: 'GET /api/health/workers against a no-op route on the same server',
  run,
};
