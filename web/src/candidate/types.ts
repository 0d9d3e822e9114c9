/**
 * The candidate API's shapes, taken from the server's contracts as types only (no server code
 * reaches the bundle; see `npm run check:imports`).
 */
export type {
  AssistantConversation,
  AssistantStreamEvent,
  AssistantUsageLimits,
  ConversationMessage,
} from '../../../src/modules/assistant/assistant.schema.ts';
export type {
  InterviewIntro,
  InterviewState,
  QuestionView,
  SubmitOutcome,
} from '../../../src/modules/interviews/interviews.schema.ts';
export type { RunResult, TestResult } from '../../../src/modules/sandbox/sandbox.schema.ts';

import type { InterviewState } from '../../../src/modules/interviews/interviews.schema.ts';

/** Supported languages. */
export type Language = InterviewState['session']['language'];

/** The answer of `POST /api/interview/start/:token`. */
export interface StartResponse {
  sessionId: string;
  credential: string;
  resumed: boolean;
  state: InterviewState;
}

/** A workspace file. */
export interface WorkspaceFile {
  path: string;
  content: string;
}
