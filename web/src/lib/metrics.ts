/** Metrics history answers shaped for charts, pure. */
import type { MetricsPoint } from '../api/types.ts';

/** One chart row: the bucket time (ms) and a value per series name. */
export type ChartRow = { at: number } & Record<string, number>;

/**
 * Pivots points into rows by time, one column per value of `label` (e.g. the queue), or a single
 * column `value` for unlabelled series. Rows are sorted by time; a series missing at a time is absent.
 */
export function pivotSeries(
  points: readonly MetricsPoint[],
  label?: string,
): { rows: ChartRow[]; series: string[] } {
  const byTime = new Map<number, ChartRow>();
  const names = new Set<string>();
  for (const point of points) {
    const at = Date.parse(point.at);
    if (Number.isNaN(at)) continue;
    const name = label ? (point.labels[label] ?? 'other') : 'value';
    names.add(name);
    const row = byTime.get(at) ?? ({ at } as ChartRow);
    row[name] = (row[name] ?? 0) + point.value;
    byTime.set(at, row);
  }
  return { rows: [...byTime.values()].sort((a, b) => a.at - b.at), series: [...names].sort() };
}

/** Sum of a series over the range (for totals such as tokens per day). */
export function totalOf(points: readonly MetricsPoint[]): number {
  return points.reduce((sum, point) => sum + point.value, 0);
}

/** Ranges the operations page offers, in hours. */
export const historyRanges = [
  { value: '1', label: 'Last hour' },
  { value: '6', label: 'Last 6 hours' },
  { value: '24', label: 'Last 24 hours' },
  { value: '168', label: 'Last 7 days' },
  { value: '720', label: 'Last 30 days' },
] as const;

/** Axis tick for a time: hours and minutes for short ranges, day and month beyond two days. */
export function formatTick(at: number, rangeHours: number): string {
  const date = new Date(at);
  return rangeHours > 48
    ? date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
