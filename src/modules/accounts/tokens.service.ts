/** Secrets handed to people (session cookies, CSRF tokens, API keys, reset links): random, stored hashed. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url: the secret itself, shown once. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a secret: its SHA-256 (a leaked table yields no usable secret). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** An API key `ilm_<prefix>_<secret>`: the prefix (not secret) lets people tell keys apart. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `ilm_${prefix}_${newSecret()}`;
  return { key, prefix, hash: hashSecret(key) };
}
