/** The candidate's interview: lifecycle, workspace, test runs, terminal, the timeline and its replay. */
export { createAgentNotifier, NOTIFY_INTERVAL_MS } from './agent-notifier.service.ts';
export { createAssistantBridge, type SessionCommandRunner } from './assistant-bridge.service.ts';
export { hashCandidateCredential, issueCandidateCredential } from './candidate-credential.ts';
export { DEADLINE_GRACE_MS, startDeadlineSweeper } from './deadline-sweeper.service.ts';
export { appendEvents, type EventInput, listEvents } from './events.repository.ts';
export { createInterviewService, type InterviewService } from './interview.service.ts';
export { createInterviewAgentProcessor } from './interview-agent.worker.ts';
export { findSession, type SessionRow } from './interviews.repository.ts';
export {
  type CandidateAuthenticator,
  createCandidateAuthenticator,
  credentialOf,
  registerInterviewRoutes,
} from './interviews.routes.ts';
export { type InterviewState, type QuestionView, questionViewOf } from './interviews.schema.ts';
export { registerTerminalRoutes } from './terminal.routes.ts';
export { createTimelineService, type TimelineService } from './timeline.service.ts';
export { createWorkspaceService, type WorkspaceService } from './workspace.service.ts';
export { rebuildFiles } from './workspace-replay.ts';
