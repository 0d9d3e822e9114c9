/**
 * What the AI assistant sees of a session, and how its tools act on it: the candidate-visible
 * context (visible tests only, never the reference solution, rubric or IRT parameters), and the
 * workspace port whose writes and runs are recorded with origin `assistant`, exactly like the
 * candidate's own, so replay and scoring can tell who did what.
 */
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/client.ts';
import type { JsonObject } from '../../platform/db/schema/types.ts';
import { AppError } from '../../platform/errors.ts';
import type { AssistantSessionContext, AssistantWorkspace } from '../assistant/index.ts';
import { loadQuestion } from '../questions/index.ts';
import type { CandidateAuthenticator } from './interviews.routes.ts';
import { getWritableSession } from './session-access.service.ts';
import type { TimelineService } from './timeline.service.ts';
import type { WorkspaceService } from './workspace.service.ts';

/** Runs a shell command on a copy of the session's files in the sandbox. */
export type SessionCommandRunner = (input: {
  files: Array<{ path: string; content: string }>;
  command: string;
}) => Promise<{ exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }>;

/** The assistant's view of sessions: an authenticator resolving its context, and the workspace port. */
export function createAssistantBridge(options: {
  db: Database;
  workspace: WorkspaceService;
  timeline: TimelineService;
  authenticate: CandidateAuthenticator;
  runCommand: SessionCommandRunner;
  now?: () => Date;
}): {
  authenticate: (request: FastifyRequest, sessionId: string) => Promise<AssistantSessionContext>;
  workspace: AssistantWorkspace;
} {
  const { db, workspace, timeline } = options;
  const now = options.now ?? (() => new Date());
  return {
    async authenticate(request, sessionId) {
      await options.authenticate(request, sessionId);
      const row = await getWritableSession(db, sessionId, now());
      const question = row.session.currentQuestionId
        ? await loadQuestion(db, row.session.currentQuestionId)
        : undefined;
      if (!question) throw new AppError('CONFLICT', 'There is no question in progress');
      return {
        sessionId,
        organizationId: row.session.organizationId,
        candidateId: row.session.candidateId,
        questionId: question.id,
        language: row.session.language,
        aiPolicy: row.assessment.aiPolicy,
        question: {
          title: question.title,
          description: question.description,
          entryPoint: question.entryPoint,
          visibleTests: question.tests
            .filter((test) => !test.hidden)
            .map((test) => ({ name: test.name, args: test.args, expected: test.expected })),
        },
      };
    },
    workspace: {
      listFiles: (sessionId) => workspace.list(sessionId),
      readFile: async (sessionId, path) => (await workspace.read(sessionId, path)).content,
      writeFile: async (sessionId, path, content) => {
        const written = await workspace.write(sessionId, { path, content }, 'assistant');
        return { seq: written.seq };
      },
      runVisibleTests: (sessionId) => workspace.runVisibleTests(sessionId, 'assistant'),
      runCommand: async (sessionId, command) => {
        await getWritableSession(db, sessionId, now());
        return options.runCommand({ files: await workspace.files(sessionId), command });
      },
      recordEvents: (sessionId, events) =>
        timeline.record(
          sessionId,
          events.map((event) => ({ ...event, data: event.data as JsonObject })),
        ),
    },
  };
}
