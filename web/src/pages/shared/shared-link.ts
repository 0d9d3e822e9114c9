/**
 * What a failed read of a share link means to its reader, pure: the server answers 404 for a token
 * it does not know (mistyped, truncated by a mail client) and 410 once the link expired or was
 * revoked; anything else is a temporary failure worth retrying.
 */
import { ApiError } from '../../api/errors.ts';

export type SharedLinkProblem = 'invalid' | 'expired' | 'unavailable';

/** The kind of problem behind `error` from GET /api/reports/shared/:token. */
export function sharedLinkProblem(error: unknown): SharedLinkProblem {
  if (error instanceof ApiError && error.status === 404) return 'invalid';
  if (error instanceof ApiError && error.status === 410) return 'expired';
  return 'unavailable';
}

/** The message for an invalid or expired link: who can help, since the reader has no account. */
export const sharedLinkMessages: Record<
  Exclude<SharedLinkProblem, 'unavailable'>,
  { title: string; text: string }
> = {
  invalid: {
    title: 'This link is not valid',
    text: 'Check that you opened the whole link as it was sent to you (some mail programs cut long links). If it still does not open, ask the person who shared the report for a new link.',
  },
  expired: {
    title: 'This link has expired',
    text: 'Shared reports can be read only for a limited time, and the person who shared this one may have withdrawn it. Ask them for a new link.',
  },
};
