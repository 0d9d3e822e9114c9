/**
 * What the assistant needs from the interview runtime, as interfaces: the interview module
 * implements them and the composition root wires the two together, so the assistant never reaches
 * into the workspace, the sandbox or the session recorder directly.
 */

/** The AI assistant policy of an assessment. */
export type AiPolicy = 'off' | 'consultant' | 'pair_programming' | 'full_copilot';

/** What the assistant may know about the session: candidate-visible facts only. */
export interface AssistantSessionContext {
  sessionId: string;
  organizationId: string;
  candidateId: string;
  questionId: string;
  language: 'python' | 'javascript' | 'typescript';
  aiPolicy: AiPolicy;
  /** The question as the candidate sees it: no hidden tests, no reference solution, no rubric, no IRT parameters. */
  question: {
    title: string;
    description: string;
    entryPoint: string;
    visibleTests: { name: string; args: unknown[]; expected: unknown }[];
  };
}

/** The session workspace and recorder, as the assistant's tools use them. */
export interface AssistantWorkspace {
  listFiles(sessionId: string): Promise<{ path: string; size: number }[]>;
  /** Throws NotFoundError (src/platform/errors.ts) for a missing file. */
  readFile(sessionId: string, path: string): Promise<string>;
  /** Creates or replaces the file, recorded as a file.changed/file.created event with origin 'assistant'; throws AppError VALIDATION_FAILED for a bad path or size. Resolves with the event seq. */
  writeFile(sessionId: string, path: string, content: string): Promise<{ seq: number }>;
  /** Runs the VISIBLE tests of the current question on the current files (origin 'assistant'), stored and recorded; the result is already redacted for the candidate. */
  runVisibleTests(sessionId: string): Promise<{
    runId: string;
    status: string;
    passed: number;
    failed: number;
    total: number;
    tests: { testName: string; passed: boolean; output: string; error: string | null; duration: number }[];
    stdout: string;
    stderr: string;
  }>;
  /** Runs a shell command in the session's sandbox on a copy of the files (no network, time-limited). */
  runCommand(
    sessionId: string,
    command: string,
  ): Promise<{ exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }>;
  /** Appends events to the session timeline (server-assigned seq, in order) and notifies the interview agent; resolves with the seqs. */
  recordEvents(
    sessionId: string,
    events: {
      type: string;
      questionId?: string;
      data: Record<string, unknown>;
      origin: 'candidate' | 'assistant' | 'system';
    }[],
  ): Promise<number[]>;
}
