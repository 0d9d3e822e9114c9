import { describe, expect, it } from 'vitest';
import { ApiError, describeError, fieldErrors, isCsrfFailure, networkError, toApiError } from './errors.ts';

const body = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  success: false,
  error: { code, message, requestId: 'req-1', ...extra },
});

describe('toApiError', () => {
  it('reads the server error body', () => {
    const error = toApiError(
      400,
      body('VALIDATION_FAILED', 'Invalid request — body.title: a title is required', {
        fields: [{ path: 'body.title', message: 'a title is required' }, { nope: true }],
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('Invalid request — body.title: a title is required');
    expect(error.requestId).toBe('req-1');
    expect(error.fields).toEqual([{ path: 'body.title', message: 'a title is required' }]);
  });

  it('falls back to the status when the body is not ours (a proxy page, empty)', () => {
    const error = toApiError(502, undefined);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('The server had a problem');
    expect(toApiError(404, { message: 'nginx says no' }).message).toBe('nginx says no');
    expect(toApiError(418, 'teapot').code).toBe('HTTP_418');
  });

  it('takes Retry-After from the body or the header', () => {
    expect(
      toApiError(429, body('RATE_LIMITED', 'slow down', { retryAfterSeconds: 900 })).retryAfterSeconds,
    ).toBe(900);
    expect(toApiError(429, body('RATE_LIMITED', 'slow down'), '30').retryAfterSeconds).toBe(30);
    expect(
      toApiError(429, body('RATE_LIMITED', 'slow down'), 'Wed, 21 Oct 2026 07:28:00 GMT').retryAfterSeconds,
    ).toBe(undefined);
  });
});

describe('describeError says what to do next', () => {
  const cases: Array<[ApiError, RegExp, RegExp]> = [
    [networkError(new TypeError('Failed to fetch')), /No connection/, /Check your network/],
    [
      toApiError(400, body('VALIDATION_FAILED', 'bad', { fields: [{ path: 'body.x', message: 'no' }] })),
      /Check the form/,
      /fields marked/,
    ],
    [toApiError(401, body('UNAUTHORIZED', 'Sign in first')), /Signed out/, /Sign in again/],
    [toApiError(402, body('PAYMENT_REQUIRED', 'No credits left')), /Not enough credits/, /Buy credits/],
    [
      toApiError(403, body('FORBIDDEN', 'Missing or invalid x-csrf-token header')),
      /refreshing/,
      /sign in again/,
    ],
    [
      toApiError(403, body('FORBIDDEN', 'Your role (VIEWER) does not allow this')),
      /Not allowed/,
      /OWNER or ADMIN/,
    ],
    [toApiError(404, body('NOT_FOUND', 'Assessment not found')), /Not found/, /list/],
    [toApiError(409, body('CONFLICT', 'Already published')), /Not possible/, /Reload/],
    [toApiError(410, body('GONE', 'This invitation is expired')), /No longer valid/, /new link/],
    [toApiError(429, body('RATE_LIMITED', 'Too many'), '12'), /Too many/, /Wait 12 seconds/],
    [toApiError(503, body('UNAVAILABLE', 'Sandbox down')), /unavailable/, /health page/],
    [toApiError(500, body('INTERNAL', 'Something went wrong')), /Server error/, /request id req-1/],
  ];
  it.each(cases)('%s', (error, title, action) => {
    const description = describeError(error);
    expect(description.title).toMatch(title);
    expect(description.action).toMatch(action);
    expect(description.message).toBe(error.message);
  });

  it('describes errors thrown by the page itself', () => {
    expect(describeError(new Error('boom'))).toMatchObject({
      message: 'boom',
      action: expect.stringMatching(/Reload/),
    });
  });

  it('recognizes the CSRF refusal', () => {
    expect(isCsrfFailure(toApiError(403, body('FORBIDDEN', 'Missing or invalid x-csrf-token header')))).toBe(
      true,
    );
    expect(isCsrfFailure(toApiError(403, body('FORBIDDEN', 'Only platform operators may do this')))).toBe(
      false,
    );
  });
});

describe('fieldErrors', () => {
  it('keys field problems by form field, first message wins', () => {
    const error = toApiError(
      400,
      body('VALIDATION_FAILED', 'bad', {
        fields: [
          { path: 'body.questionPlan.count', message: 'at most 20 questions' },
          { path: 'body.candidates[3].email', message: 'must be an email address' },
          { path: 'body.questionPlan.count', message: 'second message' },
          { path: 'querystring.limit', message: 'too big' },
        ],
      }),
    );
    expect(fieldErrors(error)).toEqual({
      'questionPlan.count': 'at most 20 questions',
      'candidates.3.email': 'must be an email address',
      limit: 'too big',
    });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});
