/**
 * Prometheus metrics of one process: Node's default process metrics, job durations and failures,
 * HTTP request durations, and gauges read from Redis and the dead-letter store at scrape time.
 * Each `createMetrics()` owns a private registry (never prom-client's global one), so tests and
 * processes can hold several without name clashes.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { HttpServer } from '../http/server.ts';
import type { QueueJobCounts } from './queue-figures.ts';

/** How a job's processor ended. */
export type JobOutcome = 'completed' | 'failed';

/** Job durations from 1 ms (a no-op notification) to 5 min (an evaluation agent run), in seconds. */
export const jobDurationBuckets = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

/** Request durations from 1 ms to 10 s (longer requests are outliers worth one `+Inf` bucket). */
export const httpDurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The `route` label of requests that matched no route (a raw URL would make cardinality unbounded). */
export const unmatchedRoute = 'unmatched';

/** The metrics of one process. */
export interface Metrics {
  registry: Registry;
  jobDuration: Histogram<'queue' | 'outcome'>;
  jobFailures: Counter<'queue'>;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Records one finished job (fits `WorkerHooks.onJobFinished`); never throws. */
  observeJob(queue: string, outcome: JobOutcome, durationSeconds: number): void;
}

/** Creates a private registry with the default Node metrics and the job and HTTP metrics. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const jobDuration = new Histogram({
    name: 'interviewlm_job_duration_seconds',
    help: 'Time a job processor ran, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: jobDurationBuckets,
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'interviewlm_job_failures_total',
    help: 'Job attempts that failed (each retry counts), by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'interviewlm_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: httpDurationBuckets,
    registers: [registry],
  });
  return {
    registry,
    jobDuration,
    jobFailures,
    httpDuration,
    observeJob(queue, outcome, durationSeconds) {
      // A negative or NaN duration (clock trouble) would corrupt the histogram's sum; drop it.
      if (Number.isFinite(durationSeconds) && durationSeconds >= 0) {
        jobDuration.observe({ queue, outcome }, durationSeconds);
      }
      if (outcome === 'failed') jobFailures.inc({ queue });
    },
  };
}

/**
 * Times every response into `interviewlm_http_request_duration_seconds`, labelled with the route
 * pattern (`/api/items/:id`), never the raw URL. Install right after creating the server: a
 * plugin already loaded (an awaited `register`) keeps the hooks it had and would not be timed.
 */
export function installHttpMetrics(app: HttpServer, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? unmatchedRoute,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}

/** Where the scrape-time gauges read their figures; main.ts wires these to Redis and the DLQ. */
export interface CollectedGaugeSources {
  queueCounts(): Promise<Record<string, QueueJobCounts>>;
  deadLetterCounts(): Promise<Record<string, number>>;
  liveWorkers(): Promise<Record<string, number>>;
}

type SourceName = 'queue_counts' | 'dead_letter_counts' | 'live_workers';

type Settled<T> = { ok: true; value: T } | { ok: false };

/**
 * One call of `load` shared by every caller while it is in flight: the gauges of one scrape are
 * collected concurrently, and they (and the `source_up` gauge) must see the same answer from one
 * Redis round trip, not one each.
 */
function sharedWhileInFlight<T>(load: () => Promise<T>, timeoutMs: number): () => Promise<Settled<T>> {
  let pending: Promise<Settled<T>> | undefined;
  return () => {
    pending ??= settleWithin(load, timeoutMs).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/** Never rejects: a failed or slow source must not fail (or hang) the whole scrape. */
async function settleWithin<T>(load: () => Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), timeoutMs);
  });
  try {
    return await Promise.race([load().then((value) => ({ ok: true as const, value })), timeout]);
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Registers the gauges whose values are read at scrape time: `interviewlm_queue_jobs{queue,state}`,
 * `interviewlm_dead_letter_jobs{queue}`, `interviewlm_queue_workers{queue}`, and
 * `interviewlm_metrics_source_up{source}` (0 when a source failed or took longer than `timeoutMs`;
 * its gauge is then left empty for that scrape rather than showing stale values).
 */
export function addCollectedGauges(
  metrics: Metrics,
  sources: CollectedGaugeSources,
  options: { timeoutMs?: number } = {},
): void {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const read = {
    queue_counts: sharedWhileInFlight(() => sources.queueCounts(), timeoutMs),
    dead_letter_counts: sharedWhileInFlight(() => sources.deadLetterCounts(), timeoutMs),
    live_workers: sharedWhileInFlight(() => sources.liveWorkers(), timeoutMs),
  } satisfies Record<SourceName, unknown>;

  new Gauge({
    name: 'interviewlm_queue_jobs',
    help: 'Jobs in each queue by state, read from Redis at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [metrics.registry],
    async collect() {
      const result = await read.queue_counts();
      // Reset after the await, so concurrent scrapes never see a half-filled gauge.
      this.reset();
      if (!result.ok) return;
      for (const [queue, counts] of Object.entries(result.value)) {
        for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
      }
    },
  });
  new Gauge({
    name: 'interviewlm_dead_letter_jobs',
    help: 'Dead-lettered jobs per queue',
    labelNames: ['queue'] as const,
    registers: [metrics.registry],
    async collect() {
      const result = await read.dead_letter_counts();
      this.reset();
      if (!result.ok) return;
      for (const [queue, count] of Object.entries(result.value)) this.set({ queue }, count);
    },
  });
  new Gauge({
    name: 'interviewlm_queue_workers',
    help: 'Workers connected to each queue',
    labelNames: ['queue'] as const,
    registers: [metrics.registry],
    async collect() {
      const result = await read.live_workers();
      this.reset();
      if (!result.ok) return;
      for (const [queue, count] of Object.entries(result.value)) this.set({ queue }, count);
    },
  });
  new Gauge({
    name: 'interviewlm_metrics_source_up',
    help: '1 when the source behind a scrape-time gauge answered in this scrape, 0 when it failed',
    labelNames: ['source'] as const,
    registers: [metrics.registry],
    async collect() {
      const names = Object.keys(read) as SourceName[];
      const results = await Promise.all(names.map((name) => read[name]()));
      names.forEach((source, index) => {
        this.set({ source }, results[index]?.ok ? 1 : 0);
      });
    },
  });
}

/**
 * The PostgreSQL pool's state at scrape time: `open`/`idle` connections, `waiting` queries (above
 * zero for long, the pool or the database is the bottleneck; raise DATABASE_POOL_MAX only when
 * PostgreSQL has cores to spare) and `max`. Nothing is exported without a pool (PGlite).
 */
export function registerDatabasePoolGauge(
  metrics: Metrics,
  read: () => { max: number; open: number; idle: number; waiting: number } | undefined,
): void {
  new Gauge({
    name: 'interviewlm_db_pool_connections',
    help: 'PostgreSQL pool of this process: open and idle connections, queries waiting for one, and the maximum',
    labelNames: ['state'] as const,
    registers: [metrics.registry],
    collect() {
      this.reset();
      const stats = read();
      if (!stats) return;
      for (const state of ['max', 'open', 'idle', 'waiting'] as const) this.set({ state }, stats[state]);
    },
  });
}
