/** Secrets handed to people (session cookies, CSRF tokens, API keys, reset links): random, stored hashed. */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url: the secret itself, shown once. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a secret: its SHA-256 (a leaked table yields no usable secret). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The CSRF token of a session: an HMAC keyed by its cookie token. Derived rather than random so
 * that GET /api/auth/me can hand it out again after a page reload while the database keeps only
 * hashes; knowing it requires the cookie, which is httpOnly and never leaves this origin.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('interviewlm:csrf:v1').digest('base64url');
}

/** An API key `ilm_<prefix>_<secret>`: the prefix (not secret) lets people tell keys apart. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `ilm_${prefix}_${newSecret()}`;
  return { key, prefix, hash: hashSecret(key) };
}
