import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { isFinalFailure } from './worker-runner.ts';

describe('isFinalFailure', () => {
  it('is final for UnrecoverableError at any attempt and for the last attempt of anything else', () => {
    expect(isFinalFailure(new UnrecoverableError('bad payload'), 1, 3)).toBe(true);
    expect(isFinalFailure(new Error('SMTP timeout'), 1, 3)).toBe(false);
    expect(isFinalFailure(new Error('SMTP timeout'), 3, 3)).toBe(true);
    expect(isFinalFailure(new Error('x'), 1, undefined)).toBe(true);
  });
});
