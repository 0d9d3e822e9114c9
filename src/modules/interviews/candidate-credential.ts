/**
 * The candidate's credential: 32 random bytes issued when the interview starts, valid for that
 * one session only, stored as a SHA-256 hash (a leaked database row cannot be replayed).
 */
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'ilmc_';

/** A new credential and its hash. */
export function issueCandidateCredential(): { credential: string; hash: string } {
  const credential = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { credential, hash: hashCandidateCredential(credential) };
}

/** The stored form of a credential. */
export function hashCandidateCredential(credential: string): string {
  return createHash('sha256').update(credential).digest('hex');
}

/** Whether `value` has the shape of a credential (cheap check before any lookup). */
export function isWellFormedCredential(value: string): boolean {
  return value.startsWith(PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(PREFIX.length));
}
