/** What a test run records on the timeline (recruiter-facing; never sent to the candidate). Pure. */
import type { JsonValue, RunResult } from '../sandbox/index.ts';

/** The run's verdicts, without outputs (those stay in test_results, linked by runId). */
export function runEventData(result: RunResult): { [key: string]: JsonValue } {
  return {
    runId: result.runId,
    kind: result.kind,
    status: result.status,
    passed: result.passed,
    failed: result.failed,
    total: result.total,
    durationMs: result.durationMs,
    tests: result.tests.map((test) => ({
      testName: test.testName,
      passed: test.passed,
      duration: test.duration,
    })),
  };
}
