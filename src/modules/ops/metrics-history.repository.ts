/** The metrics history's SQL: samples in table metrics_samples, LLM totals from llm_calls. */
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { type Database, selectRows } from '../../platform/db/client.ts';
import { llmCalls, metricsSamples } from '../../platform/db/schema/index.ts';
import type { MetricsSeries } from './metrics-history.ts';

/** One sample to store. */
export interface SampleRow {
  name: MetricsSeries;
  labels: Record<string, string>;
  value: number;
}

/** Arbitrary constant: the advisory lock that lets one process at a time write a slot's samples. */
const SAMPLE_LOCK_KEY = 727_002;

/**
 * Stores `rows` stamped `at`, unless samples of these series already exist at `at` (another
 * process sampled the slot first). The transaction-scoped advisory lock makes the check and the
 * insert one step across processes. Resolves with the rows written.
 */
export async function insertSlotSamples(db: Database, at: Date, rows: SampleRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const names = [...new Set(rows.map((row) => row.name))];
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SAMPLE_LOCK_KEY})`);
    const [existing] = await tx
      .select({ id: metricsSamples.id })
      .from(metricsSamples)
      .where(and(eq(metricsSamples.sampledAt, at), inArray(metricsSamples.name, names)))
      .limit(1);
    if (existing) return 0;
    await tx.insert(metricsSamples).values(rows.map((row) => ({ ...row, sampledAt: at })));
    return rows.length;
  });
}

/** Tokens (input + output) and cost of the LLM calls created in (`after`, `until`]; zeros when none. */
export async function sumLlmUsage(
  db: Database,
  after: Date,
  until: Date,
): Promise<{ tokens: number; costUsd: number }> {
  const [row] = await db
    .select({
      tokens: sql<string>`coalesce(sum(${llmCalls.inputTokens} + ${llmCalls.outputTokens}), 0)`,
      costUsd: sql<string>`coalesce(sum(${llmCalls.costUsd}), 0)`,
    })
    .from(llmCalls)
    .where(and(gt(llmCalls.createdAt, after), lte(llmCalls.createdAt, until)));
  // SUM of integers is bigint and of numeric is numeric: both drivers hand them over as strings.
  return { tokens: Number(row?.tokens ?? 0), costUsd: Number(row?.costUsd ?? 0) };
}

/** A bucket of one label set: index counted from the range's start, aggregated value. */
export interface BucketRow {
  bucket: number;
  labels: Record<string, string>;
  value: number;
}

/**
 * Samples of `series` in [`from`, `to`], aggregated (`sum` or `avg`) into buckets of
 * `stepSeconds` counted from `from`, ordered by time, then labels.
 */
export async function selectBuckets(
  db: Database,
  query: {
    series: MetricsSeries;
    from: Date;
    to: Date;
    stepSeconds: number;
    aggregation: 'sum' | 'avg';
    queue?: string;
  },
): Promise<BucketRow[]> {
  const fromSeconds = query.from.getTime() / 1000;
  const bucket = sql`floor((extract(epoch from ${metricsSamples.sampledAt}) - ${fromSeconds}::float8) / ${query.stepSeconds}::float8)::bigint`;
  const value =
    query.aggregation === 'sum' ? sql`sum(${metricsSamples.value})` : sql`avg(${metricsSamples.value})`;
  const rows = await selectRows<{
    bucket: string | number;
    labels: Record<string, string> | string;
    value: string | number;
  }>(
    db,
    sql`select ${bucket} as bucket, ${metricsSamples.labels} as labels, ${value} as value
        from ${metricsSamples}
        where ${metricsSamples.name} = ${query.series}
          and ${metricsSamples.sampledAt} >= ${query.from.toISOString()}::timestamptz
          and ${metricsSamples.sampledAt} <= ${query.to.toISOString()}::timestamptz
          ${query.queue === undefined ? sql`` : sql`and ${metricsSamples.labels}->>'queue' = ${query.queue}`}
        group by 1, 2
        order by 1, ${metricsSamples.labels}::text`,
  );
  return rows.map((row) => ({
    bucket: Number(row.bucket),
    labels: typeof row.labels === 'string' ? (JSON.parse(row.labels) as Record<string, string>) : row.labels,
    value: Number(row.value),
  }));
}

/** Deletes samples taken before `before`; resolves with how many went. */
export async function deleteSamplesBefore(db: Database, before: Date): Promise<number> {
  const [row] = await selectRows<{ deleted: string | number }>(
    db,
    sql`with gone as (
          delete from ${metricsSamples} where ${metricsSamples.sampledAt} < ${before.toISOString()}::timestamptz
          returning 1
        )
        select count(*) as deleted from gone`,
  );
  return Number(row?.deleted ?? 0);
}
