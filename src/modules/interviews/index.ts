/** The candidate's interview: lifecycle, workspace, test runs, the timeline and its replay. */
export { hashCandidateCredential, issueCandidateCredential } from './candidate-credential.ts';
export { DEADLINE_GRACE_MS, startDeadlineSweeper } from './deadline-sweeper.service.ts';
export { appendEvents, type EventInput, listEvents } from './events.repository.ts';
export { createInterviewService, type InterviewService, SCORING_VERSION } from './interview.service.ts';
export { createInterviewAgentProcessor } from './interview-agent.worker.ts';
export { findSession, type SessionRow } from './interviews.repository.ts';
export {
  type CandidateAuthenticator,
  createCandidateAuthenticator,
  credentialOf,
  registerInterviewRoutes,
} from './interviews.routes.ts';
export { type InterviewState, type QuestionView, questionViewOf } from './interviews.schema.ts';
export { createTimelineService, type TimelineService } from './timeline.service.ts';
export { createWorkspaceService, type WorkspaceService } from './workspace.service.ts';
export { rebuildFiles } from './workspace-replay.ts';
