/**
 * The one error handler: every error leaves as `{ success: false, error: { code, message,
 * requestId, fields? } }` with a status from the AppError table. Client mistakes say what to
 * fix; anything unexpected becomes a generic 500 whose details stay in the log.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  AppError,
  dependencyUnavailable,
  type ErrorCode,
  errorStatus,
  type FieldProblem,
  isDependencyUnavailable,
} from '../errors.ts';

/** The JSON body of every error response. */
export interface ErrorBody {
  success: false;
  error: { code: ErrorCode; message: string; requestId: string; fields?: FieldProblem[] };
}

/** Fastify's own client errors, translated to our codes with messages a person can act on. */
const fastifyClientErrors: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'BAD_REQUEST',
    message: "The body is empty but Content-Type is 'application/json'; send a JSON body or drop the header",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type; send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'BAD_REQUEST',
    message: 'Content-Length does not match the body',
  },
  // The router's errors (fastify's frameworkErrors): their own messages would echo the whole URL.
  FST_ERR_BAD_URL: { code: 'BAD_REQUEST', message: 'The URL is not valid (bad percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', message: 'A path parameter of the URL is too long' },
};

/** Joins a validation path into `body.items[2].name` form. */
function fieldPath(context: string | undefined, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  const joined = parts.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
  return `${context ?? 'body'}${joined}`;
}

/** Translates any thrown value to a status and a safe body; pure, so it is easy to test. */
export function toErrorResponse(error: unknown, requestId: string): { status: number; body: ErrorBody } {
  const body = (code: ErrorCode, message: string, fields?: FieldProblem[]) => ({
    status: errorStatus[code],
    body: { success: false as const, error: { code, message, requestId, ...(fields ? { fields } : {}) } },
  });
  if (error instanceof AppError) return body(error.code, error.message, error.fields);
  // The database (or another dependency) is down or restarting: a retryable 503, not a 500.
  if (isDependencyUnavailable(error)) return body('UNAVAILABLE', dependencyUnavailable.message);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const fields = error.validation.map((problem) => ({
      path: fieldPath(context, problem.instancePath),
      message: problem.message ?? 'is invalid',
    }));
    const first = fields[0];
    const summary = first ? `${first.path}: ${first.message}` : 'The request is invalid';
    return body('VALIDATION_FAILED', `Invalid request — ${summary}`, fields);
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code ? fastifyClientErrors[fastifyError.code] : undefined;
  if (known) return body(known.code, known.message);
  if (fastifyError.statusCode === 429) return body('RATE_LIMITED', 'Too many requests; slow down and retry');
  if (fastifyError.statusCode === 413) return body('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Other fastify client errors (bad headers, bad URL encoding) carry safe messages.
    return body('BAD_REQUEST', fastifyError.message ?? 'Bad request');
  }
  return body('INTERNAL', 'Something went wrong on our side. It has been logged; try again shortly.');
}

/**
 * Fastify's `frameworkErrors` option: errors of the router (a URL with bad percent-encoding, a
 * path parameter over the maximum length) happen before any route or hook, and fastify answers
 * them in its own shape unless given this handler.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { status, body } = toErrorResponse(error, request.id);
  request.log.info({ code: body.error.code, status }, body.error.message);
  reply.header('x-request-id', request.id).status(status).send(body);
}

/** Node's HTTP parser errors, answered on the raw socket (there is no request yet). */
const clientErrors: Record<string, { code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    code: 'HEADERS_TOO_LARGE',
    message: 'The request headers (or the URL) are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive' },
};

/**
 * Fastify's `clientErrorHandler` option: a request Node's parser refuses (headers or URL over the
 * size limit, a malformed request line, a timeout) gets the error body of every other answer.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (error.code && clientErrors[error.code]) || {
    code: 'BAD_REQUEST' as const,
    message: 'The request is not valid HTTP',
  };
  const requestId = randomUUID();
  const { status, body } = toErrorResponse(new AppError(known.code, known.message), requestId);
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(error, request.id);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, body.error.message);
    const retryAfter =
      error instanceof AppError
        ? error.retryAfterSeconds
        : isDependencyUnavailable(error)
          ? dependencyUnavailable.retryAfterSeconds
          : undefined;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const body: ErrorBody = {
      success: false,
      error: {
        code: 'NOT_FOUND',
        message: `No route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}; see /docs for the API`,
        requestId: request.id,
      },
    };
    return reply.status(404).send(body);
  });
}
