/** Where a candidate's evaluation stands, from its session and evaluation rows. Pure. */
import type { ReportStatus } from './report.schema.ts';

/** The facts the status is derived from. */
export interface ReportStatusInput {
  sessionStatus: 'active' | 'completed' | 'expired' | 'abandoned' | null;
  /** Whether a completed evaluation exists. */
  hasCompletedEvaluation: boolean;
  /** Status of the most recently updated evaluation row, if any. */
  latestEvaluationStatus: 'pending' | 'completed' | 'failed' | null;
}

/** The report's status and a sentence a recruiter can act on. */
export function reportStatusOf(input: ReportStatusInput): { status: ReportStatus; message: string } {
  if (input.hasCompletedEvaluation) return { status: 'evaluated', message: 'The interview was evaluated.' };
  if (input.latestEvaluationStatus === 'failed') {
    return {
      status: 'failed',
      message: 'The evaluation failed. An operator can retry it from the dead-letter queue.',
    };
  }
  if (input.latestEvaluationStatus === 'pending') {
    return { status: 'evaluating', message: 'The interview is over and is being evaluated.' };
  }
  switch (input.sessionStatus) {
    case null:
      return { status: 'not_started', message: 'The candidate has not started the interview yet.' };
    case 'active':
      return { status: 'in_progress', message: 'The interview is in progress.' };
    case 'abandoned':
      return { status: 'failed', message: 'The interview was abandoned; there is nothing to evaluate.' };
    default:
      return { status: 'evaluating', message: 'The interview is over and is being evaluated.' };
  }
}
