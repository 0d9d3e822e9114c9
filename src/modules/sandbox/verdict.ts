/**
 * Turns what happened to the sandboxed process and what the harness reported into a RunResult:
 * the run's status, one TestResult per test (compared with `expected` here, outside the sandbox),
 * and the output shown to the caller.
 */
import { valuesMatch } from './compare.ts';
import type { HarnessReport } from './harness-protocol.ts';
import type { Language, RunKind, RunResult, RunStatus, TestCase, TestResult } from './sandbox.schema.ts';

/** How the sandboxed process ended, as the process driver observed it. */
export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  /** The wall timer killed it. */
  wallTimeout: boolean;
  /** stdout or stderr passed the cap and it was killed. */
  outputExceeded: boolean;
  /** The cgroup's OOM killer fired, or the runtime reported running out of heap. */
  memoryExceeded: boolean;
  /** The sandbox itself failed (bwrap could not start, a cgroup could not be made). */
  internalError: string | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Longest rendering of a returned value kept in a TestResult. */
const OUTPUT_LIMIT = 4_096;

function render(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > OUTPUT_LIMIT ? `${text.slice(0, OUTPUT_LIMIT)}… [truncated]` : text;
}

/** The run's status from the process outcome; the first cause that applies wins. */
export function runStatusOf(outcome: ProcessOutcome, report: HarnessReport | undefined): RunStatus {
  if (outcome.internalError) return 'internal_error';
  const died = outcome.signal !== null || (outcome.exitCode !== 0 && outcome.exitCode !== null);
  // Without a cgroup, the interpreter's own last words are the only sign of memory exhaustion;
  // they count only when the process really died (a program may print the same words).
  const diedOfMemory = died && /heap out of memory|MemoryError|Cannot allocate memory/.test(outcome.stderr);
  if (outcome.memoryExceeded || diedOfMemory) return 'memory_limit';
  if (outcome.outputExceeded) return 'output_limit';
  if (outcome.wallTimeout || outcome.signal === 'SIGXCPU') return 'timeout';
  if (report?.loadFailure) {
    if (report.loadFailure.status === 'compile_error') return 'compile_error';
    if (report.loadFailure.status === 'timeout') return 'timeout';
    return 'runtime_error';
  }
  if (report?.tampered) return 'runtime_error';
  if (died) return 'runtime_error';
  return 'ok';
}

const notRunReason: Record<RunStatus, string> = {
  ok: 'not run: the program exited before this test',
  compile_error: 'not run: the program does not compile',
  runtime_error: 'not run: the program crashed before this test',
  timeout: 'not run: the time limit of the run was exceeded',
  memory_limit: 'not run: the memory limit was exceeded',
  output_limit: 'not run: the program printed more than the output limit',
  internal_error: 'not run: the sandbox failed (not your fault); try again',
};

/** Builds the RunResult of a test run. */
export function buildTestRunResult(input: {
  runId: string;
  sessionId?: string | undefined;
  questionId?: string | undefined;
  language: Language;
  kind: RunKind;
  tests: TestCase[];
  outcome: ProcessOutcome;
  report: HarnessReport | undefined;
}): RunResult {
  const { outcome, report } = input;
  const status = runStatusOf(outcome, report);
  const tests: TestResult[] = input.tests.map((test, index) => {
    const base = { testName: test.name, hidden: test.hidden };
    if (report?.tampered) {
      return {
        ...base,
        passed: false,
        output: '',
        error: 'the program interfered with the test harness',
        duration: 0,
      };
    }
    if (report?.loadFailure) {
      return {
        ...base,
        passed: false,
        output: '',
        error: report.loadFailure.error ?? notRunReason[status],
        duration: 0,
      };
    }
    const event = report?.tests.get(index);
    if (!event) return { ...base, passed: false, output: '', error: notRunReason[status], duration: 0 };
    const duration = Math.round(event.durationMs * 100) / 100;
    if (event.status !== 'ok') {
      return { ...base, passed: false, output: '', error: event.error ?? event.status, duration };
    }
    return {
      ...base,
      passed: valuesMatch(event.value, test.expected),
      output: render(event.value),
      error: null,
      duration,
    };
  });
  const passed = tests.filter((test) => test.passed).length;
  const loadOutput = report?.loadFailure?.stdout ?? '';
  const perTestOutput = input.tests
    .map((test, index) => {
      const printed = report?.tests.get(index)?.stdout;
      return printed ? `--- ${test.name} ---\n${printed}` : '';
    })
    .filter(Boolean)
    .join('\n');
  return {
    runId: input.runId,
    ...(input.sessionId ? { sessionId: input.sessionId } : {}),
    ...(input.questionId ? { questionId: input.questionId } : {}),
    language: input.language,
    kind: input.kind,
    status,
    tests,
    passed,
    failed: tests.length - passed,
    total: tests.length,
    stdout: [loadOutput, perTestOutput, outcome.stdout].filter(Boolean).join('\n'),
    stderr: outcome.internalError ? '' : outcome.stderr,
    durationMs: Math.round(outcome.durationMs),
  };
}

/** Builds the RunResult of an ad-hoc run ("run my file"): no tests, the program's own output. */
export function buildAdhocRunResult(input: {
  runId: string;
  sessionId?: string | undefined;
  language: Language;
  outcome: ProcessOutcome;
  compileError?: string | undefined;
}): RunResult {
  const { outcome } = input;
  const status = input.compileError ? 'compile_error' : runStatusOf(outcome, undefined);
  return {
    runId: input.runId,
    ...(input.sessionId ? { sessionId: input.sessionId } : {}),
    language: input.language,
    kind: 'adhoc',
    status,
    tests: [],
    passed: 0,
    failed: 0,
    total: 0,
    stdout: outcome.stdout,
    stderr: input.compileError ?? (outcome.internalError ? '' : outcome.stderr),
    durationMs: Math.round(outcome.durationMs),
  };
}

/** What a candidate may see of a run: hidden tests keep only their name and verdict. */
export function redactForCandidate(result: RunResult): RunResult {
  const hasHidden = result.tests.some((test) => test.hidden);
  return {
    ...result,
    tests: result.tests.map((test) =>
      test.hidden ? { ...test, output: '', error: test.passed ? null : 'hidden test failed' } : test,
    ),
    // Per-test output of hidden tests could echo their inputs; drop the combined output entirely.
    stdout: hasHidden ? '' : result.stdout,
    stderr: hasHidden ? '' : result.stderr,
  };
}
