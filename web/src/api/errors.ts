/**
 * API failures as values a person can act on, pure. The server answers every error as
 * `{ success: false, error: { code, message, requestId, fields? } }`; `toApiError` reads that (or
 * anything else a proxy may send), and `describeError` adds what to do next.
 */

/** One invalid field as the server names it: `body.questionPlan.count`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A failed API call. `status` 0 means the request never reached the server. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldProblem[];
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: FieldProblem[];
    requestId?: string | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The code the server would use for a status, when the body does not say. */
export function codeForStatus(status: number): string {
  const known: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    402: 'PAYMENT_REQUIRED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    410: 'GONE',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
    503: 'UNAVAILABLE',
  };
  return known[status] ?? (status >= 500 ? 'INTERNAL' : `HTTP_${status}`);
}

/**
 * Builds the ApiError of a failed response from its status, parsed body (or undefined when it was
 * not JSON) and Retry-After header.
 */
export function toApiError(status: number, body: unknown, retryAfterHeader?: string | null): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' ? error.code : codeForStatus(status);
  const message =
    typeof error?.message === 'string' && error.message.trim()
      ? error.message
      : isRecord(body) && typeof body.message === 'string' && body.message.trim()
        ? body.message
        : defaultMessage(status);
  const fields = Array.isArray(error?.fields)
    ? error.fields.flatMap((field): FieldProblem[] =>
        isRecord(field) && typeof field.path === 'string' && typeof field.message === 'string'
          ? [{ path: field.path, message: field.message }]
          : [],
      )
    : [];
  const retryFromBody = typeof error?.retryAfterSeconds === 'number' ? error.retryAfterSeconds : undefined;
  const retryFromHeader =
    retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  return new ApiError({
    status,
    code,
    message,
    fields,
    requestId: typeof error?.requestId === 'string' ? error.requestId : undefined,
    retryAfterSeconds: retryFromBody ?? retryFromHeader,
  });
}

function defaultMessage(status: number): string {
  if (status === 0) return 'The server could not be reached';
  if (status === 401) return 'You are not signed in';
  if (status === 403) return 'You are not allowed to do this';
  if (status === 404) return 'This was not found';
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'The server had a problem';
  return `The request failed (HTTP ${status})`;
}

/** A network failure (offline, DNS, connection refused) as an ApiError with status 0. */
export function networkError(cause: unknown): ApiError {
  const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new ApiError({ status: 0, code: 'NETWORK', message: `The server could not be reached${detail}` });
}

/** True for the 403 the server gives a cookie mutation without a valid `x-csrf-token`. */
export function isCsrfFailure(error: ApiError): boolean {
  return error.status === 403 && /csrf/i.test(error.message);
}

/** What a person sees: the problem, and what to do next. */
export interface ErrorDescription {
  title: string;
  message: string;
  /** The next step, in the imperative. */
  action: string;
}

const seconds = (value: number) => (value === 1 ? '1 second' : `${value} seconds`);

/** Describes any thrown value for a person: ApiErrors by their status and code, others generically. */
export function describeError(error: unknown): ErrorDescription {
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error && error.message ? error.message : String(error);
    return {
      title: 'Something went wrong in this page',
      message,
      action: 'Reload the page and try again.',
    };
  }
  const { status, code, message } = error;
  const ask = error.requestId
    ? ` If it keeps happening, give your operator the request id ${error.requestId}.`
    : '';
  if (status === 0)
    return {
      title: 'No connection',
      message,
      action: 'Check your network connection (and that InterviewLM is running), then try again.',
    };
  if (code === 'VALIDATION_FAILED' || (status === 400 && error.fields.length > 0))
    return { title: 'Check the form', message, action: 'Correct the fields marked in red, then try again.' };
  if (status === 400)
    return { title: 'The request was refused', message, action: 'Check what you entered and try again.' };
  if (status === 401) return { title: 'Signed out', message, action: 'Sign in again to continue.' };
  if (status === 402 || code === 'PAYMENT_REQUIRED')
    return {
      title: 'Not enough credits',
      message,
      action: 'Buy credits in Settings → Credits, or ask your platform operator to grant some.',
    };
  if (status === 403 && isCsrfFailure(error))
    return {
      title: 'Your session needs refreshing',
      message,
      action: 'Sign out and sign in again; this renews the security token of this browser.',
    };
  if (status === 403)
    return {
      title: 'Not allowed',
      message,
      action: 'Ask an OWNER or ADMIN of your organization for a role that allows it.',
    };
  if (status === 404)
    return {
      title: 'Not found',
      message,
      action:
        'It may have been removed or belong to another organization; go back and pick it from the list.',
    };
  if (status === 409)
    return {
      title: 'Not possible right now',
      message,
      action: 'Reload to see the current state, then decide again.',
    };
  if (status === 410) return { title: 'No longer valid', message, action: 'Ask for a new link.' };
  if (status === 413)
    return {
      title: 'Too large',
      message,
      action: 'Send less at once (for example, split the CSV into smaller files).',
    };
  if (status === 415)
    return {
      title: 'Unsupported format',
      message,
      action: 'Use a .csv file (or plain text with name,email lines).',
    };
  if (status === 429)
    return {
      title: 'Too many attempts',
      message,
      action:
        error.retryAfterSeconds !== undefined
          ? `Wait ${seconds(error.retryAfterSeconds)} and try again.`
          : 'Wait a minute and try again.',
    };
  if (status === 503)
    return {
      title: 'Temporarily unavailable',
      message,
      action: `Try again in a moment; the platform health page says which part is down.${ask}`,
    };
  if (status >= 500) return { title: 'Server error', message, action: `Try again in a moment.${ask}` };
  return { title: 'The request failed', message, action: `Try again.${ask}` };
}

/**
 * The field errors of a validation failure keyed by form field: `body.questionPlan.count` →
 * `questionPlan.count` (the first message per field wins).
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const field of error.fields) {
    const key = field.path.replace(/^(body|querystring|params)\.?/, '').replace(/\[(\d+)\]/g, '.$1');
    if (key && !(key in result)) result[key] = field.message;
  }
  return result;
}
