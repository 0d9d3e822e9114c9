import { describe, expect, it } from 'vitest';
import { isDependencyUnavailable } from './errors.ts';
import { toErrorResponse } from './http/error-handler.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDependencyUnavailable', () => {
  it('recognises a database that is down, going down or starting up, also wrapped as a cause', () => {
    expect(isDependencyUnavailable(withCode('ECONNREFUSED'))).toBe(true);
    expect(
      isDependencyUnavailable(withCode('57P01', 'terminating connection due to administrator command')),
    ).toBe(true);
    expect(isDependencyUnavailable(withCode('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDependencyUnavailable(withCode('08006'))).toBe(true);
    expect(isDependencyUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // drizzle wraps the driver's error: `Failed query: ...` with the real one as its cause.
    expect(
      isDependencyUnavailable(new Error('Failed query: select 1', { cause: withCode('ECONNRESET') })),
    ).toBe(true);
    // Node's connect() to several addresses fails with an AggregateError.
    expect(isDependencyUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'connect failed'))).toBe(
      true,
    );
  });

  it('leaves real bugs and query errors alone', () => {
    expect(isDependencyUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDependencyUnavailable(withCode('23505', 'duplicate key value'))).toBe(false);
    expect(isDependencyUnavailable(withCode('42P01', 'relation does not exist'))).toBe(false);
    expect(isDependencyUnavailable(undefined)).toBe(false);
  });

  it('turns an outage into a retryable 503 instead of a generic 500', () => {
    const outage = toErrorResponse(new Error('Failed query', { cause: withCode('ECONNREFUSED') }), 'req-1');
    expect(outage.status).toBe(503);
    expect(outage.body.error).toMatchObject({ code: 'UNAVAILABLE', requestId: 'req-1' });
    expect(outage.body.error.message).toMatch(/try again in a few seconds/);
    expect(toErrorResponse(new TypeError('bug'), 'req-2').status).toBe(500);
  });
});
