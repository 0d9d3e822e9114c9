/**
 * The metrics history's rules, pure: which series exist and how they aggregate, which slot a
 * sample belongs to, the accepted query range, and the bucket width that keeps an answer small.
 */
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';

/** Every series the history records. */
export const metricsSeriesNames = [
  'queue_depth',
  'dead_letter_count',
  'llm_tokens',
  'llm_cost_usd',
  'question_cache_hit_rate',
] as const;

/** A series name, as the query accepts it. */
export const MetricsSeriesSchema = z.enum(metricsSeriesNames, {
  error: `must be one of: ${metricsSeriesNames.join(', ')}`,
});
export type MetricsSeries = z.infer<typeof MetricsSeriesSchema>;

/** Series with one row per queue (labels `{queue}`); the others have no labels. */
export const perQueueSeries: ReadonlySet<MetricsSeries> = new Set(['queue_depth', 'dead_letter_count']);

/**
 * How samples merge into a wider bucket: the LLM series are totals per interval, so they add up;
 * the others are levels at an instant, so they average.
 */
export const seriesAggregation: Record<MetricsSeries, 'sum' | 'avg'> = {
  queue_depth: 'avg',
  dead_letter_count: 'avg',
  llm_tokens: 'sum',
  llm_cost_usd: 'sum',
  question_cache_hit_rate: 'avg',
};

/** Range when the query gives none. */
export const defaultHistorySpanMs = 24 * 60 * 60 * 1000;
/** Widest range one query may ask for. */
export const maxHistorySpanMs = 31 * 24 * 60 * 60 * 1000;
/** Most buckets per label set in one answer; wider ranges get wider buckets. */
export const maxPointsPerSeries = 1_000;

/** Bucket widths in seconds; round values so charts get readable ticks. */
const stepChoices = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400,
];

/**
 * The slot a sample taken at `now` records: it is stamped with the slot's end `at` (a multiple of
 * the interval), and the LLM totals cover (`windowStart`, `at`]. Slots tile time without gaps or
 * overlaps whatever the timer's jitter, and two processes sampling the same slot are detected.
 * `graceMs` leaves rows committed just after the boundary time to land in their own slot.
 */
export function sampleSlot(now: Date, intervalMs: number, graceMs = sampleGraceMs(intervalMs)) {
  const at = Math.floor((now.getTime() - graceMs) / intervalMs) * intervalMs;
  return { at: new Date(at), windowStart: new Date(at - intervalMs) };
}

/** Delay after a slot boundary before its sample is taken: a tenth of the interval, at most 5 s. */
export function sampleGraceMs(intervalMs: number): number {
  return Math.min(5_000, Math.floor(intervalMs / 10));
}

/** Milliseconds from `now` until the sample of the current slot is due. */
export function delayUntilNextSample(now: Date, intervalMs: number): number {
  const grace = sampleGraceMs(intervalMs);
  const next = (Math.floor((now.getTime() - grace) / intervalMs) + 1) * intervalMs + grace;
  return next - now.getTime();
}

/** The history query as the HTTP API accepts it. */
export const MetricsHistoryQuerySchema = z.object({
  series: MetricsSeriesSchema,
  from: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z' })
    .optional()
    .describe('start of the range; default `to` minus 24 hours'),
  to: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z' })
    .optional()
    .describe('end of the range; default now'),
  queue: z.string().min(1).max(100).optional().describe('only this queue (queue_depth, dead_letter_count)'),
});
export type MetricsHistoryQuery = z.infer<typeof MetricsHistoryQuerySchema>;

/** One point of a series: the start of its bucket, the aggregated value, the labels. */
export const MetricsPointSchema = z.object({
  at: z.string(),
  value: z.number(),
  labels: z.record(z.string(), z.string()),
});
export type MetricsPoint = z.infer<typeof MetricsPointSchema>;

/** What a history query answers. */
export const MetricsHistorySchema = z.object({
  series: MetricsSeriesSchema,
  from: z.string(),
  to: z.string(),
  stepSeconds: z.number().int().describe('width of each bucket; points are aggregated within it'),
  points: z.array(MetricsPointSchema),
});
export type MetricsHistory = z.infer<typeof MetricsHistorySchema>;

/**
 * Turns the query's optional ends into a range: `to` defaults to `now`, `from` to 24 hours before
 * `to`. Throws a ValidationError naming the field when the range is empty, reversed or over 31 days,
 * or when `queue` is given for a series without queues.
 */
export function resolveHistoryRange(query: MetricsHistoryQuery, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultHistorySpanMs);
  const problem = (path: string, message: string) =>
    new ValidationError(`Invalid request — ${path}: ${message}`, [{ path, message }]);
  if (to.getTime() <= from.getTime()) {
    throw problem(
      query.to ? 'querystring.to' : 'querystring.from',
      query.to ? 'must be later than from' : 'must be earlier than now (or give to)',
    );
  }
  if (to.getTime() - from.getTime() > maxHistorySpanMs) {
    throw problem('querystring.from', 'the range from..to may span at most 31 days');
  }
  if (query.queue !== undefined && !perQueueSeries.has(query.series)) {
    throw problem('querystring.queue', `applies only to ${[...perQueueSeries].join(' and ')}`);
  }
  return { from, to };
}

/** The narrowest round bucket width that keeps the range within `maxPointsPerSeries` buckets. */
export function chooseStepSeconds(from: Date, to: Date, maxPoints = maxPointsPerSeries): number {
  const spanSeconds = (to.getTime() - from.getTime()) / 1000;
  const needed = spanSeconds / maxPoints;
  return stepChoices.find((step) => step >= needed) ?? Math.ceil(needed);
}

/** Start of bucket number `index` (buckets are counted from `from`, so every point is in range). */
export function bucketStart(from: Date, stepSeconds: number, index: number): Date {
  return new Date(from.getTime() + index * stepSeconds * 1000);
}
