/**
 * Turns a finished run into figures, verdicts against the targets, printable tables and
 * the JSON result. The targets (issue 10):
 *   - zero lost events: every event a candidate generated is stored, once (database count at the end);
 *   - error rate 0 on every route;
 *   - event ingestion p99 < 200 ms;
 *   - flat memory: for the API and the workers process, the median RSS of the last minute is within
 *     +10 % of the median RSS of the second minute (the first minute is warm-up: JIT, pools, caches).
 *     Needs a run of at least 3 minutes so the two windows do not overlap; shorter runs say so.
 */

import { formatTable } from '../table.ts';
import type { ProcessSample } from './processes.ts';
import { median, percentile } from './recorder.ts';

export const EVENTS_P99_TARGET_MS = 200;
export const FLAT_MEMORY_TOLERANCE = 0.1;
export const WARMUP_SECONDS = 60;

/** One sampling moment. */
export interface Sample {
  atSeconds: number;
  api: ProcessSample;
  workers: ProcessSample;
  /** The load generator itself (this process): if it is saturated, latencies include its queueing. */
  generator: { rssMb: number; heapUsedMb: number; cpuCores: number; eventLoopDelayP99Ms: number };
  /** Busy cores of the whole machine (of its 2) since the previous sample. */
  machineCpuCores: number;
  loadAverage1: number;
  /** The API's sandbox (inline mode): runs executing and waiting for a slot. */
  sandbox: { active: number; waiting: number } | null;
  /** Jobs waiting per queue (BullMQ), from /api/health/workers. */
  queuesWaiting: Record<string, number> | null;
  /** The platform's PostgreSQL connections by state (pg_stat_activity). */
  database: { active: number; idle: number; waitingOnLock: number } | null;
}

export interface RouteFigures {
  route: string;
  requests: number;
  errors: number;
  errorRate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failures: Record<string, number>;
}

export interface MemoryVerdict {
  process: 'api' | 'workers';
  firstMinuteRssMb: number;
  secondMinuteRssMb: number;
  lastMinuteRssMb: number;
  lastVsSecond: number;
  /** Least-squares slope of RSS after the warm-up, MB per minute. */
  slopeMbPerMinute: number;
  firstMinuteHeapMb: number;
  lastMinuteHeapMb: number;
  heapSlopeMbPerMinute: number;
  /** undefined when the run was too short to judge. */
  flat: boolean | undefined;
}

export interface Verdicts {
  lostEvents: { target: string; value: number; met: boolean };
  errorRate: { target: string; value: number; met: boolean };
  eventsP99: { target: string; valueMs: number; met: boolean };
  flatMemory: { target: string; met: boolean | undefined; detail: string };
}

/**
 * The server's own view of one route, from the API's `interviewlm_http_request_duration_seconds`
 * histogram (time inside fastify, so without the client's and the socket's queueing): the upper
 * bounds of the buckets holding the median and the 99th percentile, all status codes together.
 */
export function serverSideLatency(
  metricsText: string,
  route: string,
): { count: number; p50AtMostMs: number; p99AtMostMs: number } {
  const cumulative = new Map<number, number>();
  const pattern = /^interviewlm_http_request_duration_seconds_bucket\{([^}]*)\} ([0-9.eE+-]+)$/gm;
  for (const match of metricsText.matchAll(pattern)) {
    const labels = match[1] ?? '';
    if (!labels.includes(`route="${route}"`)) continue;
    const le = /le="([^"]+)"/.exec(labels)?.[1] ?? '';
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    cumulative.set(bound, (cumulative.get(bound) ?? 0) + Number(match[2]));
  }
  const bounds = [...cumulative.keys()].sort((a, b) => a - b);
  const count = cumulative.get(Number.POSITIVE_INFINITY) ?? 0;
  const bucketOf = (fraction: number) =>
    (bounds.find((bound) => (cumulative.get(bound) ?? 0) >= fraction * count) ?? Number.NaN) * 1000;
  return { count, p50AtMostMs: bucketOf(0.5), p99AtMostMs: bucketOf(0.99) };
}

function slope(points: Array<{ x: number; y: number }>): number {
  const usable = points.filter((point) => Number.isFinite(point.y));
  if (usable.length < 2) return Number.NaN;
  const meanX = usable.reduce((total, point) => total + point.x, 0) / usable.length;
  const meanY = usable.reduce((total, point) => total + point.y, 0) / usable.length;
  let covariance = 0;
  let variance = 0;
  for (const point of usable) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }
  return variance === 0 ? Number.NaN : covariance / variance;
}

const finiteMedian = (values: number[]) => median(values.filter(Number.isFinite));

/** The flat-memory figures of one process from the samples of a run lasting `durationSeconds`. */
export function memoryVerdict(
  samples: Sample[],
  process: 'api' | 'workers',
  durationSeconds: number,
): MemoryVerdict {
  const within = (from: number, to: number) =>
    samples.filter((sample) => sample.atSeconds >= from && sample.atSeconds < to);
  const rss = (list: Sample[]) => finiteMedian(list.map((sample) => sample[process].rssMb));
  const heap = (list: Sample[]) => finiteMedian(list.map((sample) => sample[process].heapUsedMb));
  const first = within(0, 60);
  const second = within(60, 120);
  const last = within(durationSeconds - 60, Number.POSITIVE_INFINITY);
  const afterWarmup = samples.filter((sample) => sample.atSeconds >= WARMUP_SECONDS);
  const judgeable = durationSeconds >= 180 && second.length > 0 && last.length > 0;
  const lastVsSecond = rss(last) / rss(second);
  return {
    process,
    firstMinuteRssMb: rss(first),
    secondMinuteRssMb: rss(second),
    lastMinuteRssMb: rss(last),
    lastVsSecond,
    slopeMbPerMinute: slope(
      afterWarmup.map((sample) => ({ x: sample.atSeconds / 60, y: sample[process].rssMb })),
    ),
    firstMinuteHeapMb: heap(first),
    lastMinuteHeapMb: heap(last),
    heapSlopeMbPerMinute: slope(
      afterWarmup.map((sample) => ({ x: sample.atSeconds / 60, y: sample[process].heapUsedMb })),
    ),
    flat: judgeable ? lastVsSecond <= 1 + FLAT_MEMORY_TOLERANCE : undefined,
  };
}

export function routeFigures(
  routes: Array<{ name: string; latencies: number[]; errors: number; reasons: Map<string, number> }>,
): RouteFigures[] {
  return routes.map((route) => ({
    route: route.name,
    requests: route.latencies.length,
    errors: route.errors,
    errorRate: route.latencies.length === 0 ? 0 : route.errors / route.latencies.length,
    p50Ms: median(route.latencies),
    p99Ms: percentile(route.latencies, 0.99),
    // A loop, not Math.max(...list): a long run has more samples than a call may take arguments.
    maxMs:
      route.latencies.length === 0
        ? Number.NaN
        : route.latencies.reduce((max, value) => Math.max(max, value), Number.NEGATIVE_INFINITY),
    failures: Object.fromEntries(route.reasons),
  }));
}

export function judge(options: {
  lostEvents: number;
  requests: number;
  errors: number;
  eventsP99Ms: number;
  memory: MemoryVerdict[];
}): Verdicts {
  const memoryJudged = options.memory.every((entry) => entry.flat !== undefined);
  const memoryMet = memoryJudged ? options.memory.every((entry) => entry.flat === true) : undefined;
  return {
    lostEvents: { target: '0 lost events', value: options.lostEvents, met: options.lostEvents === 0 },
    errorRate: {
      target: 'error rate 0',
      value: options.requests === 0 ? 0 : options.errors / options.requests,
      met: options.errors === 0,
    },
    eventsP99: {
      target: `event ingestion p99 < ${EVENTS_P99_TARGET_MS} ms`,
      valueMs: options.eventsP99Ms,
      met: options.eventsP99Ms < EVENTS_P99_TARGET_MS,
    },
    flatMemory: {
      target: `flat memory: last-minute median RSS <= ${(1 + FLAT_MEMORY_TOLERANCE).toFixed(2)} x second-minute median, API and workers`,
      met: memoryMet,
      detail: memoryJudged
        ? options.memory.map((entry) => `${entry.process} ${entry.lastVsSecond.toFixed(3)}x`).join(', ')
        : 'not judged: the run is shorter than 3 minutes',
    },
  };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** The per-route table (the runner's table). */
export function routeTable(routes: RouteFigures[]): { headers: string[]; rows: string[][] } {
  return {
    headers: ['route', 'requests', 'errors', 'error rate', 'p50 ms', 'p99 ms', 'max ms'],
    rows: routes.map((route) => [
      route.route,
      String(route.requests),
      String(route.errors),
      `${(route.errorRate * 100).toFixed(2)} %`,
      fixed(route.p50Ms),
      fixed(route.p99Ms),
      fixed(route.maxMs),
    ]),
  };
}

/** One row per minute: throughput, errors, event latency, and what each process used. */
export function minuteTable(
  windows: Array<{ atSeconds: number; requests: number; errors: number; eventLatencies: number[] }>,
  samples: Sample[],
  durationSeconds: number,
): string {
  // A run stopped a moment after a whole minute gets no extra row for that moment.
  const minutes = Math.max(1, Math.ceil((durationSeconds - 1) / 60));
  const rows: string[][] = [];
  for (let minute = 0; minute < minutes; minute += 1) {
    const from = minute * 60;
    const to = Math.min(durationSeconds, from + 60);
    const inWindow = windows.filter((window) => window.atSeconds >= from && window.atSeconds < to);
    const inSamples = samples.filter((sample) => sample.atSeconds >= from && sample.atSeconds < to + 1e-6);
    const latencies = inWindow.flatMap((window) => window.eventLatencies);
    const requests = inWindow.reduce((total, window) => total + window.requests, 0);
    const pick = (read: (sample: Sample) => number) => fixed(finiteMedian(inSamples.map(read)), 0);
    const pickCpu = (read: (sample: Sample) => number) => fixed(finiteMedian(inSamples.map(read)), 2);
    rows.push([
      `${from}-${Math.round(to)} s`,
      fixed(requests / Math.max(1, to - from), 0),
      String(inWindow.reduce((total, window) => total + window.errors, 0)),
      fixed(median(latencies)),
      fixed(percentile(latencies, 0.99)),
      pick((sample) => sample.api.rssMb),
      pick((sample) => sample.api.heapUsedMb),
      pick((sample) => sample.workers.rssMb),
      pick((sample) => sample.workers.heapUsedMb),
      `${pickCpu((sample) => sample.api.cpuCores)}/${pickCpu((sample) => sample.workers.cpuCores)}/${pickCpu((sample) => sample.generator.cpuCores)}/${pickCpu((sample) => sample.machineCpuCores)}`,
      pick((sample) => sample.api.eventLoopLagP99Ms),
      pick((sample) => sample.generator.eventLoopDelayP99Ms),
      // Inline: runs waiting for a slot of the API's sandbox; queue mode: code-execution jobs waiting.
      pick((sample) => sample.sandbox?.waiting ?? sample.queuesWaiting?.codeExecution ?? Number.NaN),
      pick((sample) => sample.queuesWaiting?.interviewAgent ?? Number.NaN),
      pick((sample) => sample.database?.active ?? Number.NaN),
      pick((sample) => sample.api.dbPoolWaiting),
    ]);
  }
  return formatTable(
    [
      'minute',
      'req/s',
      'errors',
      'events p50',
      'events p99',
      'API RSS MB',
      'API heap',
      'workers RSS',
      'workers heap',
      'CPU cores api/wrk/gen/all',
      'API lag p99 ms',
      'gen lag p99',
      'runs waiting',
      'agent jobs waiting',
      'PG active conns',
      'API pool waiting',
    ],
    rows,
  );
}

export function memoryTable(memory: MemoryVerdict[]): string {
  return formatTable(
    [
      'process',
      'RSS 1st min MB',
      '2nd min',
      'last min',
      'last / 2nd',
      'slope MB/min',
      'heap 1st min MB',
      'heap last min',
      'heap slope MB/min',
    ],
    memory.map((entry) => [
      entry.process,
      fixed(entry.firstMinuteRssMb),
      fixed(entry.secondMinuteRssMb),
      fixed(entry.lastMinuteRssMb),
      Number.isFinite(entry.lastVsSecond) ? `${entry.lastVsSecond.toFixed(3)}x` : '-',
      fixed(entry.slopeMbPerMinute, 2),
      fixed(entry.firstMinuteHeapMb),
      fixed(entry.lastMinuteHeapMb),
      fixed(entry.heapSlopeMbPerMinute, 2),
    ]),
  );
}

export function verdictLines(verdicts: Verdicts): string[] {
  const mark = (met: boolean | undefined) => (met === undefined ? 'NOT JUDGED' : met ? 'met' : 'MISSED');
  return [
    `target ${verdicts.lostEvents.target}: ${verdicts.lostEvents.value} lost -> ${mark(verdicts.lostEvents.met)}`,
    `target ${verdicts.errorRate.target}: ${(verdicts.errorRate.value * 100).toFixed(3)} % -> ${mark(verdicts.errorRate.met)}`,
    `target ${verdicts.eventsP99.target}: ${fixed(verdicts.eventsP99.valueMs)} ms -> ${mark(verdicts.eventsP99.met)}`,
    `target ${verdicts.flatMemory.target}: ${verdicts.flatMemory.detail} -> ${mark(verdicts.flatMemory.met)}`,
  ];
}
