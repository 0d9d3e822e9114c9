/**
 * The one error family of the application. Services throw these; exactly one HTTP error handler
 * maps `code` to a status. Expected outcomes of candidate code are values, never these errors.
 */

/** Every error code the application can produce, with the HTTP status it maps to. */
export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  BUSY: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One invalid field of a request: where it is and what a person should change. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Base class: `message` is safe to show to the client; `cause` stays in the logs. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; fields?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The HTTP status this error maps to. */
  get status(): number {
    return errorStatus[this.code];
  }
}

/** A thing asked for by id does not exist (or is not visible to the actor). */
export class NotFoundError extends AppError {
  constructor(what: string, options: { cause?: unknown } = {}) {
    super('NOT_FOUND', `${what} was not found`, options);
  }
}

/** The request is well-formed but its content is not acceptable. */
export class ValidationError extends AppError {
  constructor(message: string, fields: FieldProblem[] = [], options: { cause?: unknown } = {}) {
    super('VALIDATION_FAILED', message, { ...options, fields });
  }
}

/** The caller is not signed in, or its credential is not valid. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super('UNAUTHORIZED', message);
  }
}

/** The caller is signed in but may not do this. */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this') {
    super('FORBIDDEN', message);
  }
}

/** The request conflicts with the current state (duplicate, locked, already done). */
export class ConflictError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CONFLICT', message, options);
  }
}

/** A dependency (database, Redis, a provider) is unreachable right now; retrying later may work. */
export class UnavailableError extends AppError {
  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super('UNAVAILABLE', message, options);
  }
}

/** Node's socket errors that mean "the other side is not there right now". */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that is going away or not ready: connection exceptions
 * (class 08), admin or crash shutdown, "the database system is starting up", too many connections.
 */
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);

/** node-postgres reports a lost or unobtainable connection with these messages and no code. */
const unavailableMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/**
 * Whether `error` (or anything in its `cause` chain, or an AggregateError's parts) says that a
 * dependency — the database above all — cannot be reached right now. Such a failure is not a bug
 * to hide behind a 500: the request can be retried in a few seconds.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (unreachableCodes.has(code) || unavailableSqlStates.has(code) || /^08[0-9A-Z]{3}$/.test(code))
      return true;
  }
  if (typeof message === 'string' && unavailableMessages.some((text) => message.startsWith(text)))
    return true;
  if (Array.isArray(errors) && errors.some((part) => isDependencyUnavailable(part, depth + 1))) return true;
  return isDependencyUnavailable(cause, depth + 1);
}

/** What a client is told when a dependency is down, and how long to wait before retrying. */
export const dependencyUnavailable = {
  message:
    'The service is temporarily unavailable (a backing service is not reachable); try again in a few seconds',
  retryAfterSeconds: 5,
} as const;
