/** Loading a session for a candidate request, and refusing writes once the interview is over. */
import type { Database } from '../../platform/db/client.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { Tx } from './events.repository.ts';
import { findSession, type SessionRow } from './interviews.repository.ts';

/** The session; 404 when unknown. */
export async function getSession(db: Database | Tx, sessionId: string): Promise<SessionRow> {
  const row = await findSession(db, sessionId);
  if (!row) throw new NotFoundError('The interview session');
  return row;
}

/** Whether the session's time is up at `now`. */
export function isPastDeadline(row: SessionRow, now: Date): boolean {
  return row.session.deadlineAt.getTime() <= now.getTime();
}

/**
 * The session, when the candidate may still change it; otherwise 409 (ended) or 410 (time is
 * up: the server submits on its own, see `onDeadlinePassed`).
 */
export async function getWritableSession(
  db: Database | Tx,
  sessionId: string,
  now: Date,
  onDeadlinePassed?: (sessionId: string) => void,
): Promise<SessionRow> {
  const row = await getSession(db, sessionId);
  if (row.session.status !== 'active') {
    throw new AppError('CONFLICT', 'This interview has ended; your work was submitted');
  }
  if (isPastDeadline(row, now)) {
    onDeadlinePassed?.(sessionId);
    throw new AppError('GONE', 'Time is up: your work is being submitted automatically');
  }
  return row;
}
