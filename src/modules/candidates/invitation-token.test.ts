import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  deadlineProblem,
  invitationExpiry,
  invitationUrl,
  isWellFormedInvitationToken,
  newInvitationToken,
  renewedExpiry,
} from './invitation-token.ts';

const DAY = 86_400_000;

describe('invitation tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256', () => {
    const { token, hash } = newInvitationToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(isWellFormedInvitationToken(token)).toBe(true);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(newInvitationToken().token).not.toBe(token);
    expect(isWellFormedInvitationToken(`${token}x`)).toBe(false);
    expect(isWellFormedInvitationToken("' or 1=1 --")).toBe(false);
  });

  it('expire at the deadline, else after 30 days; a renewal keeps a future expiry and refreshes a past one', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const deadline = new Date('2026-03-10T00:00:00Z');
    expect(invitationExpiry(now, deadline)).toEqual(deadline);
    expect(invitationExpiry(now).getTime()).toBe(now.getTime() + 30 * DAY);
    expect(renewedExpiry(now, deadline)).toEqual(deadline);
    expect(renewedExpiry(now, new Date('2026-02-01T00:00:00Z')).getTime()).toBe(now.getTime() + 30 * DAY);
    const later = new Date('2026-04-01T00:00:00Z');
    expect(renewedExpiry(now, deadline, later)).toEqual(later);
  });

  it('accept deadlines in the next year only, and build the candidate link', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(deadlineProblem(now, new Date('2026-02-28T00:00:00Z'))).toBe('must be in the future');
    expect(deadlineProblem(now, new Date('2028-01-01T00:00:00Z'))).toBe('must be within 365 days');
    expect(deadlineProblem(now, new Date('2026-03-02T00:00:00Z'))).toBeUndefined();
    expect(invitationUrl('https://hire.example.com/', 'abc')).toBe('https://hire.example.com/interview/abc');
  });
});
