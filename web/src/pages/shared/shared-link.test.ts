import { describe, expect, it } from 'vitest';
import { ApiError, networkError } from '../../api/errors.ts';
import { sharedLinkProblem } from './shared-link.ts';

const apiError = (status: number, code: string) => new ApiError({ status, code, message: code });

describe('sharedLinkProblem', () => {
  it('tells an unknown link from an expired or revoked one, and both from an outage', () => {
    expect(sharedLinkProblem(apiError(404, 'NOT_FOUND'))).toBe('invalid');
    expect(sharedLinkProblem(apiError(410, 'GONE'))).toBe('expired');
    expect(sharedLinkProblem(apiError(503, 'UNAVAILABLE'))).toBe('unavailable');
    expect(sharedLinkProblem(networkError(new TypeError('fetch failed')))).toBe('unavailable');
  });
});
