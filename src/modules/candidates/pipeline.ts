/**
 * The candidate pipeline: INVITED → IN_PROGRESS → COMPLETED → EVALUATED → ADVANCED | REJECTED |
 * HIRED. The platform makes the first three moves (the candidate starts and finishes, the
 * evaluation lands); people make the decisions. A decision may come before the evaluation (a
 * recruiter who read the code), and an advanced candidate may still be hired or rejected. Pure.
 */

export const candidateStatuses = [
  'INVITED',
  'IN_PROGRESS',
  'COMPLETED',
  'EVALUATED',
  'ADVANCED',
  'REJECTED',
  'HIRED',
] as const;
export type CandidateStatus = (typeof candidateStatuses)[number];

/** Statuses people choose; the others are set by the platform. */
export const decisionStatuses = [
  'ADVANCED',
  'REJECTED',
  'HIRED',
] as const satisfies readonly CandidateStatus[];

/** Where each status may go next. */
export const statusTransitions: Record<CandidateStatus, readonly CandidateStatus[]> = {
  INVITED: ['IN_PROGRESS'],
  IN_PROGRESS: ['COMPLETED'],
  COMPLETED: ['EVALUATED', 'ADVANCED', 'REJECTED', 'HIRED'],
  EVALUATED: ['ADVANCED', 'REJECTED', 'HIRED'],
  ADVANCED: ['HIRED', 'REJECTED'],
  REJECTED: [],
  HIRED: [],
};

/** Who moves a candidate: a member or API key of the organization, or the platform itself. */
export type Mover = 'member' | 'platform';

const platformMoves: Partial<Record<CandidateStatus, string>> = {
  IN_PROGRESS: 'when the candidate starts the interview',
  COMPLETED: 'when the candidate finishes (or the time runs out)',
  EVALUATED: 'when the evaluation is ready',
};

/** Whether `by` may move a candidate from `from` to `to`; the refusal says why, for a person. */
export function checkStatusMove(
  from: CandidateStatus,
  to: CandidateStatus,
  by: Mover,
): { ok: true } | { ok: false; reason: string } {
  if (from === to) return { ok: false, reason: `The candidate is already ${to}` };
  const setBy = platformMoves[to];
  if (by === 'member' && setBy) {
    return {
      ok: false,
      reason: `${to} is set by the platform ${setBy}; choose ${decisionStatuses.join(', ')}`,
    };
  }
  if (!statusTransitions[from].includes(to)) {
    if (statusTransitions[from].length === 0) {
      return { ok: false, reason: `The candidate is ${from}, a final decision; it cannot change` };
    }
    const next = statusTransitions[from].filter((status) => by === 'platform' || !platformMoves[status]);
    return {
      ok: false,
      reason:
        next.length === 0
          ? `The candidate is ${from}: ${to} can be chosen once the interview is completed`
          : `The candidate is ${from} and cannot move to ${to}; possible: ${next.join(', ')}`,
    };
  }
  return { ok: true };
}

/** True while the candidate may still use an interview link (not finished yet). */
export function isLinkStage(status: CandidateStatus): boolean {
  return status === 'INVITED' || status === 'IN_PROGRESS';
}
