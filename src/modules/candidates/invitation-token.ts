/**
 * Candidate invitation tokens: 32 random bytes (base64url), handed out once in the link and stored
 * only as their SHA-256, valid for one candidate until the deadline or for 30 days. Pure (the
 * clock comes in as arguments).
 */
import { createHash, randomBytes } from 'node:crypto';

/** How long an invitation lasts when no deadline is given. */
export const DEFAULT_INVITATION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The furthest deadline accepted. */
export const MAX_INVITATION_DAYS = 365;

/** A new token and the hash the database keeps. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

/** The stored form of a token. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` could be one of ours (43 base64url characters); anything else is not looked up. */
export function isWellFormedInvitationToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** When an invitation issued at `now` expires: at the deadline, else after 30 days. */
export function invitationExpiry(now: Date, deadline?: Date): Date {
  return deadline ?? new Date(now.getTime() + DEFAULT_INVITATION_DAYS * DAY_MS);
}

/**
 * The expiry of a renewed link: the new deadline when one is given, else the old expiry while it
 * is still ahead, else a fresh 30 days (a resend is usually for someone whose link ran out).
 */
export function renewedExpiry(now: Date, previous: Date | undefined, deadline?: Date): Date {
  if (deadline) return deadline;
  if (previous && previous.getTime() > now.getTime()) return previous;
  return invitationExpiry(now);
}

/** A problem with a requested deadline, or undefined when it is acceptable. */
export function deadlineProblem(now: Date, deadline: Date): string | undefined {
  if (deadline.getTime() <= now.getTime()) return 'must be in the future';
  if (deadline.getTime() > now.getTime() + MAX_INVITATION_DAYS * DAY_MS) {
    return `must be within ${MAX_INVITATION_DAYS} days`;
  }
  return undefined;
}

/** The link a candidate opens. */
export function invitationUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/interview/${token}`;
}
