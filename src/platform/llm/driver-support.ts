/**
 * What the Anthropic and OpenAI drivers share: turning an SDK error into an `LlmProviderError`,
 * cancelling a call from the caller's signal or a silent stream, and routing SDK log lines to pino.
 * Both SDKs come from the same generator, so their error classes have the same shape.
 */
import type { Logger } from '../logger.ts';
import { LlmProviderError, type LlmResponse, type LlmUsage } from './types.ts';

/** The subset of an SDK's error classes the mapping needs (both SDKs export all four). */
export interface SdkErrorClasses {
  APIError: abstract new (
    ...args: never[]
  ) => Error & {
    status: number | undefined;
    headers: Headers | undefined;
    requestID?: string | null | undefined;
  };
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
}

/** Cancellation of one provider call: by the caller's signal, or by a stream that went silent. */
export interface CallGuard {
  /** Pass to the SDK; aborted when the caller aborts or the silence timer fires. */
  signal: AbortSignal;
  /** (Re)starts the silence timer: no call of `touch` within `ms` aborts the call as a timeout. */
  touch(ms: number): void;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  dispose(): void;
}

/** Links a fresh AbortController to the caller's signal, with a silence timer for streams. */
export function guardCall(callerSignal: AbortSignal | undefined): CallGuard {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    touch(ms) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, ms);
    },
    get timedOut() {
      return timedOut;
    },
    get cancelled() {
      return callerSignal?.aborted === true;
    },
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Removes the configured keys and anything shaped like a bearer token or API key from `text`. */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
    .replace(/\b(sk|pk|key|rk)-[A-Za-z0-9_-]{8,}/g, '[redacted]');
}

/** Seconds the provider asked us to wait (retry-after-ms or retry-after, seconds or an HTTP date). */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | undefined {
  const millis = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(millis) && millis > 0) return Math.ceil(millis / 1000);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return seconds > 0 ? Math.ceil(seconds) : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) && date > now ? Math.ceil((date - now) / 1000) : undefined;
}

const MAX_DETAIL = 500;

/**
 * Maps anything an SDK call threw to an `LlmProviderError`. Errors that are not provider failures
 * (a bug in our own mapping code) are returned unchanged so they surface as internal errors.
 */
export function toProviderError(
  error: unknown,
  sdk: SdkErrorClasses,
  context: {
    label: string;
    guard: CallGuard | undefined;
    timeoutMs: number;
    secrets: Array<string | undefined>;
    /** The request id when the response had started (a stream failing halfway). */
    requestId?: string | undefined;
  },
): unknown {
  if (error instanceof LlmProviderError) return error;
  const detailOf = (base: string) =>
    scrubSecrets(`${context.label}: ${base}`, context.secrets).slice(0, MAX_DETAIL);
  const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const seconds = Math.ceil(context.timeoutMs / 1000);
  const requestId = context.requestId;

  if (context.guard?.timedOut || error instanceof sdk.APIConnectionTimeoutError) {
    return new LlmProviderError('timeout', `The AI provider did not answer within ${seconds} s`, {
      detail: detailOf(`no answer within ${context.timeoutMs} ms (${described})`),
      requestId,
      cause: error,
    });
  }
  if (context.guard?.cancelled || error instanceof sdk.APIUserAbortError) {
    return new LlmProviderError('cancelled', 'The AI request was cancelled', {
      detail: detailOf('cancelled by the caller'),
      requestId,
      cause: error,
    });
  }
  if (error instanceof sdk.APIConnectionError) {
    return new LlmProviderError('unavailable', 'The AI provider could not be reached', {
      detail: detailOf(described),
      requestId,
      cause: error,
    });
  }
  if (error instanceof sdk.APIError) {
    const status = error.status;
    const options = {
      detail: detailOf(described),
      status,
      requestId: error.requestID ?? requestId,
      cause: error,
    };
    if (status === 429) {
      return new LlmProviderError('rate_limited', 'The AI provider is rate limiting requests', {
        ...options,
        retryAfterSeconds: retryAfterSeconds(error.headers),
      });
    }
    if (status === 401 || status === 403) {
      return new LlmProviderError('auth', 'The AI provider rejected the configured credentials', options);
    }
    if (status === 400 || status === 404 || status === 413 || status === 422) {
      return new LlmProviderError(
        'invalid_request',
        `The AI provider refused the request (HTTP ${status}); check the model name and the request size`,
        options,
      );
    }
    // 5xx, 529 overloaded, other statuses, and error events in the middle of a stream (no status).
    return new LlmProviderError('unavailable', 'The AI provider is unavailable right now', options);
  }
  if (error instanceof SyntaxError) {
    return new LlmProviderError('bad_response', 'The AI provider sent a response that could not be read', {
      detail: detailOf(`unreadable response body (${described})`),
      requestId,
      cause: error,
    });
  }
  return error;
}

/** A provider answered with something that is not the API's shape (a proxy's HTML page, a truncated stream). */
export function badResponse(label: string, detail: string, requestId?: string): LlmProviderError {
  return new LlmProviderError('bad_response', 'The AI provider sent a response that could not be read', {
    detail: `${label}: ${detail}`.slice(0, MAX_DETAIL),
    requestId,
  });
}

type SdkLogFn = (message: string, ...rest: unknown[]) => void;

/** The SDKs' logger interface on top of pino, so their warnings land in our JSON log. */
export function sdkLogger(logger: Logger): {
  error: SdkLogFn;
  warn: SdkLogFn;
  info: SdkLogFn;
  debug: SdkLogFn;
} {
  const forward =
    (level: 'error' | 'warn' | 'info' | 'debug'): SdkLogFn =>
    (message, ...rest) =>
      logger[level](
        { sdk: rest.length > 0 ? rest.map((item) => String(item).slice(0, 500)) : undefined },
        message,
      );
  return { error: forward('error'), warn: forward('warn'), info: forward('info'), debug: forward('debug') };
}

/** Parses a tool call's JSON arguments; the raw text when they are not valid JSON (the caller validates). */
export function parseToolInput(json: string): unknown {
  if (json.trim() === '') return {};
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/** A finished call's response: latency measured from `started`, cost from the provider's price meter. */
export function finishedResponse(
  parts: Omit<LlmResponse, 'latencyMs' | 'costUsd'>,
  started: number,
  costOf: (model: string, usage: LlmUsage) => number,
): LlmResponse {
  return {
    ...parts,
    latencyMs: Math.round(performance.now() - started),
    costUsd: costOf(parts.model, parts.usage),
  };
}
