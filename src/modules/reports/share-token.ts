/** Share-link tokens: 32 random bytes shown once, only their SHA-256 stored. */
import { createHash, randomBytes } from 'node:crypto';

/** A new token (base64url of 32 random bytes) and the hash the database keeps. */
export function newShareToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashShareToken(token) };
}

/** What the database keeps of a token: its SHA-256, hex (a leaked table yields no usable link). */
export function hashShareToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The public address of a shared report: the web app's read-only page, which a browser can open
 * (the JSON, HTML and PDF stay at /api/reports/shared/:token[/html|/pdf] for programs).
 */
export function shareUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/reports/shared/${token}`;
}
