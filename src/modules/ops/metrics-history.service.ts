/**
 * The metrics history: every interval, one sample per series (queue depth and dead letters per
 * queue, LLM tokens and cost of the interval, the question cache hit rate when there is a cache)
 * into metrics_samples, kept `retentionDays`, and queried in buckets for charts.
 */
import type { Database } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import { queueDepthOf, readQueueCounts } from '../../platform/metrics/queue-figures.ts';
import type { QueueRegistry } from '../../platform/queue/queues.ts';
import {
  deleteSamplesBefore,
  insertSlotSamples,
  type SampleRow,
  selectBuckets,
  sumLlmUsage,
} from './metrics-history.repository.ts';
import {
  bucketStart,
  chooseStepSeconds,
  delayUntilNextSample,
  type MetricsHistory,
  type MetricsSeries,
  sampleSlot,
  seriesAggregation,
} from './metrics-history.ts';

/** What the metrics history needs. */
export interface MetricsHistoryOptions {
  db: Database;
  queues: QueueRegistry;
  deadLetterCounts: () => Promise<Record<string, number>>;
  /** Hit rate of the question cache over the last interval, 0..1; null (no row) when unknown. */
  cacheHitRate?: () => Promise<number | null>;
  logger: Logger;
  intervalMs: number;
  retentionDays: number;
}

/** Asks the history for one series over a range. */
export interface MetricsHistoryQueryInput {
  series: MetricsSeries;
  from: Date;
  to: Date;
  queue?: string;
}

/** The metrics history of the platform. */
export interface MetricsHistoryService {
  /**
   * Samples every series for the slot `now` falls in (see `sampleSlot`: rows are stamped with the
   * slot's end) and resolves with the rows written: 0 when another process sampled it already.
   * A source that fails is logged and skipped; the other series are still written.
   */
  sampleOnce(now?: Date): Promise<number>;
  /** Samples at every slot boundary until `stop()`, pruning once a day; errors are logged. */
  start(): void;
  /** Stops sampling and waits for a sample in progress. */
  stop(): Promise<void>;
  query(query: MetricsHistoryQueryInput): Promise<MetricsHistory>;
  /** Deletes samples older than `retentionDays`; resolves with how many went. */
  prune(now?: Date): Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates the metrics history; nothing runs until `start()`. */
export function createMetricsHistory(options: MetricsHistoryOptions): MetricsHistoryService {
  const { db, intervalMs } = options;
  const logger = options.logger.child({ component: 'metrics-history' });

  /** Runs one source; a failure costs only its own series. */
  async function attempt<T>(what: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      logger.warn({ err: error }, `metrics history: ${what} unavailable; its series is skipped this time`);
      return undefined;
    }
  }

  async function gatherRows(at: Date, windowStart: Date): Promise<SampleRow[]> {
    const [counts, deadLetters, usage, hitRate] = await Promise.all([
      attempt('queue counts', () => readQueueCounts(options.queues)),
      attempt('dead-letter counts', options.deadLetterCounts),
      attempt('LLM usage', () => sumLlmUsage(db, windowStart, at)),
      options.cacheHitRate ? attempt('question cache hit rate', options.cacheHitRate) : undefined,
    ]);
    const rows: SampleRow[] = [];
    for (const [queue, figures] of Object.entries(counts ?? {})) {
      rows.push({ name: 'queue_depth', labels: { queue }, value: queueDepthOf(figures) });
    }
    for (const [queue, count] of Object.entries(deadLetters ?? {})) {
      rows.push({ name: 'dead_letter_count', labels: { queue }, value: count });
    }
    if (usage) {
      rows.push({ name: 'llm_tokens', labels: {}, value: usage.tokens });
      rows.push({ name: 'llm_cost_usd', labels: {}, value: usage.costUsd });
    }
    if (typeof hitRate === 'number' && Number.isFinite(hitRate)) {
      rows.push({ name: 'question_cache_hit_rate', labels: {}, value: hitRate });
    }
    return rows;
  }

  async function sampleOnce(now = new Date()): Promise<number> {
    const { at, windowStart } = sampleSlot(now, intervalMs);
    return insertSlotSamples(db, at, await gatherRows(at, windowStart));
  }

  async function prune(now = new Date()): Promise<number> {
    return deleteSamplesBefore(db, new Date(now.getTime() - options.retentionDays * DAY_MS));
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  let lastPrunedAt = 0;

  async function tick(): Promise<void> {
    const now = new Date();
    try {
      const written = await sampleOnce(now);
      logger.debug({ written }, 'metrics sampled');
    } catch (error) {
      logger.error({ err: error }, 'metrics history sample failed; the next interval tries again');
    }
    if (now.getTime() - lastPrunedAt >= DAY_MS) {
      try {
        const pruned = await prune(now);
        lastPrunedAt = now.getTime();
        if (pruned > 0) logger.info({ pruned }, 'old metrics samples pruned');
      } catch (error) {
        logger.error({ err: error }, 'pruning metrics samples failed; the next interval tries again');
      }
    }
  }

  // A chain of timeouts aligned to slot boundaries, not setInterval: the next sample is scheduled
  // only after this one finished (no overlap), and each lands right after its slot's end.
  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(
      () => {
        running = tick().finally(() => {
          running = undefined;
          schedule();
        });
      },
      delayUntilNextSample(new Date(), intervalMs),
    );
    timer.unref();
  }

  return {
    sampleOnce,
    prune,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    async query({ series, from, to, queue }) {
      const stepSeconds = chooseStepSeconds(from, to);
      const buckets = await selectBuckets(db, {
        series,
        from,
        to,
        stepSeconds,
        aggregation: seriesAggregation[series],
        ...(queue === undefined ? {} : { queue }),
      });
      return {
        series,
        from: from.toISOString(),
        to: to.toISOString(),
        stepSeconds,
        points: buckets.map((row) => ({
          at: bucketStart(from, stepSeconds, row.bucket).toISOString(),
          value: row.value,
          labels: row.labels,
        })),
      };
    },
  };
}
