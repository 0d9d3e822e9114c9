/** Candidates: invitations (tokens, credits, emails), the pipeline and its history. */
export { markInvitationUsed } from './candidates.repository.ts';
export { registerCandidateRoutes } from './candidates.routes.ts';
export type { CandidateDetail, CandidateView } from './candidates.schema.ts';
export {
  type CandidateActor,
  type CandidateService,
  createCandidateService,
  type InvitationLookup,
  type InviteResult,
  moveCandidateStatus,
  resolveInvitationToken,
} from './candidates.service.ts';
export { type CsvCandidate, type CsvRowError, MAX_CSV_CANDIDATES, parseCandidateCsv } from './csv.ts';
export { invitationUrl } from './invitation-token.ts';
export {
  type CandidateStatus,
  candidateStatuses,
  checkStatusMove,
  decisionStatuses,
  statusTransitions,
} from './pipeline.ts';
