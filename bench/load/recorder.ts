/**
 * What the simulated users saw, per route: every latency, every failure with its reason, and
 * per time window (the sampling interval) the counts and the event-batch latencies, so a slow
 * drift over a long run shows up instead of disappearing into one p99.
 */

/** Nearest-rank percentile of unsorted `values`; NaN when empty. */
export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1))] ?? Number.NaN
  );
}

/** Median (mean of the two middle values for an even count); NaN when empty. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** The routes measured, by the name printed in the report. */
export const routeNames = {
  start: 'POST /api/interview/start/:token',
  events: 'POST /api/interview/:id/events/batch',
  save: 'PUT /api/interview/:id/file',
  run: 'POST /api/interview/:id/run',
  chatFirst: 'POST /api/interview/:id/chat (first SSE event)',
  chat: 'POST /api/interview/:id/chat (whole stream)',
  dashboard: 'GET /api/dashboard',
  assessments: 'GET /api/assessments',
  candidates: 'GET /api/assessments/:id/candidates',
  report: 'GET /api/candidates/:id/report',
} as const;
export type RouteKey = keyof typeof routeNames;

interface RouteRecord {
  latencies: number[];
  errors: number;
  reasons: Map<string, number>;
}

interface WindowRecord {
  requests: number;
  errors: number;
  eventLatencies: number[];
}

export interface Recorder {
  /** A finished request: `failure` undefined when it did what it should. */
  record(route: RouteKey, ms: number, failure?: string): void;
  /** A latency that is not a request of its own (the chat's first event). */
  latency(route: RouteKey, ms: number): void;
  routes(): Array<{ key: RouteKey; name: string } & RouteRecord>;
  windows(): Array<{ atSeconds: number } & WindowRecord>;
}

/** `clock` gives seconds since the load started; windows are `windowSeconds` wide. */
export function createRecorder(clock: () => number, windowSeconds: number): Recorder {
  const routes = new Map<RouteKey, RouteRecord>();
  const windows: WindowRecord[] = [];
  const route = (key: RouteKey) => {
    let entry = routes.get(key);
    if (!entry) {
      entry = { latencies: [], errors: 0, reasons: new Map() };
      routes.set(key, entry);
    }
    return entry;
  };
  const window = () => {
    const index = Math.max(0, Math.floor(clock() / windowSeconds));
    while (windows.length <= index) windows.push({ requests: 0, errors: 0, eventLatencies: [] });
    return windows[index] as WindowRecord;
  };
  return {
    record(key, ms, failure) {
      const entry = route(key);
      entry.latencies.push(ms);
      const bucket = window();
      bucket.requests += 1;
      if (key === 'events') bucket.eventLatencies.push(ms);
      if (failure !== undefined) {
        entry.errors += 1;
        bucket.errors += 1;
        entry.reasons.set(failure, (entry.reasons.get(failure) ?? 0) + 1);
      }
    },
    latency(key, ms) {
      route(key).latencies.push(ms);
    },
    routes: () =>
      (Object.keys(routeNames) as RouteKey[])
        .filter((key) => routes.has(key))
        .map((key) => ({ key, name: routeNames[key], ...(routes.get(key) as RouteRecord) })),
    windows: () => windows.map((entry, index) => ({ atSeconds: index * windowSeconds, ...entry })),
  };
}

/** A short failure label: the status and the error code of a JSON error body, or the transport error. */
export function failureOf(result: { status: number; text: string; transportError?: string }): string {
  if (result.transportError) return `transport ${result.transportError}`;
  let code = '';
  try {
    const body = JSON.parse(result.text) as { error?: { code?: string }; code?: string };
    code = body.error?.code ?? body.code ?? '';
  } catch {
    // not JSON
  }
  return code ? `${result.status} ${code}` : `${result.status}`;
}
