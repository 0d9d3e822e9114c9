/**
 * The one error handler: every error leaves as `{ success: false, error: { code, message,
 * requestId, fields? } }` with a status from the AppError table. Client mistakes say what to
 * fix; anything unexpected becomes a generic 500 whose details stay in the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorStatus, type FieldProblem } from '../errors.ts';

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

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(error, request.id);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, body.error.message);
    if (error instanceof AppError && error.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(error.retryAfterSeconds));
    }
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
