import { describe, expect, it } from 'vitest';
import { autoRetryDelay, classifyFailure } from './failure-class.ts';

describe('classifyFailure', () => {
  it.each([
    ['RateLimitError', 'Rate limit reached'],
    ['APIConnectionError', 'Connection error.'],
    ['InternalServerError', '529 overloaded'],
    ['Error', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['Error', 'Connection terminated unexpectedly'],
    ['Error', 'request failed with status 503'],
    ['Error', 'sorry, too many clients already'],
  ])('%s "%s" is transient', (name, message) => {
    expect(classifyFailure({ name, message })).toBe('transient');
  });

  it.each([
    ['UnrecoverableError', 'Invalid payload: ECONNRESET is in the text but the job gave up'],
    ['TypeError', "Cannot read properties of undefined (reading 'id')"],
    ['ZodError', 'expected string'],
    ['Error', 'session 42 not found'],
  ])('%s "%s" is permanent', (name, message) => {
    expect(classifyFailure({ name, message })).toBe('permanent');
  });
});

describe('autoRetryDelay', () => {
  it('grows per round, stops at the cap, and never re-drives permanent failures or code runs', () => {
    expect(autoRetryDelay('interview-agent', 'transient', 0)).toBe(60_000);
    expect(autoRetryDelay('interview-agent', 'transient', 1)).toBe(600_000);
    expect(autoRetryDelay('interview-agent', 'transient', 2)).toBe(3_600_000);
    expect(autoRetryDelay('interview-agent', 'transient', 3)).toBeUndefined();
    expect(autoRetryDelay('interview-agent', 'permanent', 0)).toBeUndefined();
    expect(autoRetryDelay('code-execution', 'transient', 0)).toBeUndefined();
  });
});
