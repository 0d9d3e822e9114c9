/**
 * Transient or permanent: decides whether a dead-lettered job is worth driving again later
 * (automatic second-round retry). Transient means the cause was outside the job — an LLM
 * provider's rate limit or 5xx, the network, a database connection — and may well be gone in a
 * few minutes. Everything else, and every UnrecoverableError, is permanent. Pure.
 */
import type { JobErrorInfo } from './fingerprint.ts';

export type FailureClass = 'transient' | 'permanent';

/** Error classes of the official LLM SDKs and of Node's network layer that mean "try later". */
const transientNames = new Set([
  'RateLimitError',
  'APIConnectionError',
  'APIConnectionTimeoutError',
  'InternalServerError',
  'ServiceUnavailableError',
  'OverloadedError',
  'TimeoutError',
  'ConnectionError',
  'FetchError',
]);

/** Messages of rate limits, 5xx answers, network errors and lost database connections. */
const transientMessage = new RegExp(
  [
    /\b(429|50[0-4]|529)\b/.source,
    /rate.?limit/.source,
    /overloaded/.source,
    /\bE(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|AI_AGAIN|NOTFOUND|HOSTUNREACH|NETUNREACH)\b/.source,
    /socket hang up/.source,
    /network (error|is unreachable)/.source,
    /timed? ?out/.source,
    /connection (terminated|refused|reset|closed)/.source,
    /terminating connection/.source,
    /too many clients/.source,
    /the database system is (starting up|shutting down)/.source,
    /Connection is closed/.source,
  ].join('|'),
  'i',
);

/** Classifies a failure; UnrecoverableError (a job that gave up on purpose) is always permanent. */
export function classifyFailure(error: JobErrorInfo): FailureClass {
  if (error.name === 'UnrecoverableError') return 'permanent';
  if (transientNames.has(error.name)) return 'transient';
  return transientMessage.test(error.message) ? 'transient' : 'permanent';
}

/** Per-queue policy of the second round: delays before each automatic retry; empty = never. */
export const autoRetryDelaysMs: Record<string, number[]> = {
  'interview-agent': [60_000, 10 * 60_000, 60 * 60_000],
  'evaluation-agent': [60_000, 10 * 60_000, 60 * 60_000],
  'question-generation': [5 * 60_000, 30 * 60_000],
  notification: [5 * 60_000, 30 * 60_000, 2 * 60 * 60_000],
  // A candidate waits for a run now; re-running it an hour later helps nobody.
  'code-execution': [],
};

/** The delay before automatic retry number `retriesSoFar + 1`, or undefined when the cap is reached. */
export function autoRetryDelay(
  queue: string,
  failure: FailureClass,
  retriesSoFar: number,
): number | undefined {
  if (failure !== 'transient') return undefined;
  return autoRetryDelaysMs[queue]?.[retriesSoFar];
}
