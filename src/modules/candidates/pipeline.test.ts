import { describe, expect, it } from 'vitest';
import { candidateStatusEnum } from '../../platform/db/schema/enums.ts';
import { candidateStatuses, checkStatusMove } from './pipeline.ts';

describe('candidate pipeline', () => {
  it('knows exactly the statuses of the database enum', () => {
    expect([...candidateStatuses]).toEqual(candidateStatusEnum.enumValues);
  });

  it('lets the platform move a candidate through the interview and people decide', () => {
    expect(checkStatusMove('INVITED', 'IN_PROGRESS', 'platform')).toEqual({ ok: true });
    expect(checkStatusMove('IN_PROGRESS', 'COMPLETED', 'platform')).toEqual({ ok: true });
    expect(checkStatusMove('COMPLETED', 'EVALUATED', 'platform')).toEqual({ ok: true });
    expect(checkStatusMove('EVALUATED', 'ADVANCED', 'member')).toEqual({ ok: true });
    expect(checkStatusMove('COMPLETED', 'REJECTED', 'member')).toEqual({ ok: true });
    expect(checkStatusMove('ADVANCED', 'HIRED', 'member')).toEqual({ ok: true });
  });

  it('refuses skipped steps, changes to a final decision and platform statuses chosen by people', () => {
    expect(checkStatusMove('INVITED', 'HIRED', 'member')).toEqual({
      ok: false,
      reason: 'The candidate is INVITED: HIRED can be chosen once the interview is completed',
    });
    expect(checkStatusMove('HIRED', 'REJECTED', 'member')).toEqual({
      ok: false,
      reason: 'The candidate is HIRED, a final decision; it cannot change',
    });
    expect(checkStatusMove('ADVANCED', 'EVALUATED', 'platform')).toEqual({
      ok: false,
      reason: 'The candidate is ADVANCED and cannot move to EVALUATED; possible: HIRED, REJECTED',
    });
    const refused = checkStatusMove('INVITED', 'IN_PROGRESS', 'member');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/set by the platform when the candidate starts/);
    expect(checkStatusMove('EVALUATED', 'EVALUATED', 'member')).toEqual({
      ok: false,
      reason: 'The candidate is already EVALUATED',
    });
  });
});
