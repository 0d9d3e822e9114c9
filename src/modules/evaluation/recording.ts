/**
 * The recording of a session as the evaluation reads it: served questions with their hidden-test
 * results (every test: testName, passed, output, error, duration), visible runs, AI turns,
 * events and the final files. Plain data, so scoring stays pure and can be replayed offline.
 */

/** One test result, exactly the seed's fields plus `hidden`. */
export interface RecordedTestResult {
  testName: string;
  passed: boolean;
  output: string | null;
  error: string | null;
  duration: number;
  hidden: boolean;
  weight: number;
}

/** One stored run with its results. */
export interface RecordedRun {
  runId: string;
  questionId: string | null;
  kind: 'visible' | 'hidden' | 'adhoc';
  origin: 'candidate' | 'assistant' | 'system';
  status: string;
  passed: number;
  failed: number;
  total: number;
  eventSeq: number | null;
  createdAt: number;
  tests: RecordedTestResult[];
}

/** One question of the session. */
export interface RecordedQuestion {
  questionId: string;
  position: number;
  title: string;
  difficulty: 'easy' | 'medium' | 'hard';
  language: 'python' | 'javascript' | 'typescript';
  irt: { a: number; b: number };
  estimatedMinutes: number;
  startedAt: number;
  submittedAt: number | null;
  /** Weighted share of hidden tests passed (0..1); null when never submitted. */
  score: number | null;
  autoSubmitted: boolean;
  hiddenRunId: string | null;
  /** Seq of the question.submitted event. */
  submittedSeq: number | null;
  /** The files at submission (or the last known files). */
  finalFiles: Array<{ path: string; content: string }>;
  /** The file with the entry point. */
  mainFile: string;
  starterFiles: Array<{ path: string; content: string }>;
  rubric: { criteria: Array<{ name: string; description: string }> } | null;
}

/** One timeline event. */
export interface RecordedEvent {
  seq: number;
  ts: number;
  type: string;
  origin: 'candidate' | 'assistant' | 'system';
  questionId: string | null;
  filePath: string | null;
  data: Record<string, unknown>;
}

/** Everything the evaluation reads. */
export interface SessionRecording {
  sessionId: string;
  organizationId: string;
  candidateId: string;
  aiPolicy: 'off' | 'consultant' | 'pair_programming' | 'full_copilot';
  integrityMonitoring: boolean;
  startedAt: number;
  completedAt: number | null;
  durationMinutes: number;
  ability: { theta: number; standardError: number };
  questions: RecordedQuestion[];
  runs: RecordedRun[];
  events: RecordedEvent[];
}
