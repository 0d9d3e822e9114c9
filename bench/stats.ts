/** Figures the benchmarks share: latency summaries from samples in milliseconds. */

/** Latency figures of one series of samples, in milliseconds. */
export interface LatencySummary {
  count: number;
  medianMs: number;
  p95Ms: number;
  /** Sequential requests per second: 1000 / mean latency. */
  requestsPerSecond: number;
}

/** Median, nearest-rank p95 and sequential throughput of `samples` (ms). */
export function summarizeLatencies(samples: number[]): LatencySummary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (index: number) => sorted[Math.min(sorted.length - 1, Math.max(0, index))] ?? Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
  const mean = sorted.reduce((total, value) => total + value, 0) / sorted.length;
  return {
    count: sorted.length,
    medianMs,
    p95Ms: at(Math.ceil(0.95 * sorted.length) - 1),
    requestsPerSecond: 1000 / mean,
  };
}
