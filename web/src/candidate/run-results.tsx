/**
 * The results of "Run tests": a summary read out by screen readers, then each test with its name,
 * pass or fail (in words, not only color), duration, output, expected value and error.
 */
import { formatJson } from './format.ts';
import type { QuestionView, RunResult } from './types.ts';

const STATUS_TEXT: Record<string, string> = {
  ok: '',
  compile_error: 'The code did not compile.',
  runtime_error: 'The code stopped with an error.',
  timeout: 'The run took too long and was stopped.',
  memory_limit: 'The run used too much memory and was stopped.',
  output_limit: 'The run printed too much output and was stopped.',
  internal_error: 'The test runner failed; try again.',
};

/** The one-line summary of a run. */
export function runSummary(result: RunResult): string {
  const status = STATUS_TEXT[result.status] ?? result.status;
  const counts =
    result.total > 0
      ? `${result.passed} of ${result.total} test${result.total === 1 ? '' : 's'} passed`
      : 'No test results';
  return `${counts}${status ? `. ${status}` : ''} (${Math.round(result.durationMs)} ms)`;
}

/** Props of `RunResults`. */
export interface RunResultsProps {
  result: RunResult | null;
  running: boolean;
  error: string | null;
  question: QuestionView | null;
}

/** The test results panel. */
export function RunResults({ result, running, error, question }: RunResultsProps) {
  const expectedOf = (name: string) => question?.visibleTests.find((test) => test.name === name)?.expected;
  const summary = running
    ? 'Running the visible tests…'
    : error
      ? `The tests could not run: ${error}`
      : result
        ? runSummary(result)
        : 'Run the visible tests with "Run tests" or Ctrl/Cmd+Enter.';

  return (
    <div className="ilm-results">
      <p
        className={`ilm-results-summary ${result && !running && !error ? (result.failed === 0 && result.status === 'ok' ? 'ilm-pass' : 'ilm-fail') : ''}`}
        role="status"
        aria-live="polite"
        aria-atomic="true"
      >
        {summary}
      </p>
      {result && !running ? (
        <>
          <ol className="ilm-test-results">
            {result.tests.map((test) => {
              const expected = expectedOf(test.testName);
              return (
                <li key={test.testName} className={test.passed ? 'ilm-test-pass' : 'ilm-test-fail'}>
                  <div className="ilm-test-head">
                    <span className="ilm-test-verdict">{test.passed ? '✓ Passed' : '✗ Failed'}</span>
                    <span className="ilm-test-name">{test.testName}</span>
                    <span className="ilm-muted ilm-small">
                      {test.duration.toFixed(test.duration < 10 ? 2 : 0)} ms
                    </span>
                  </div>
                  {!test.passed ? (
                    <dl className="ilm-test-detail">
                      <dt>Your output</dt>
                      <dd>
                        <code>{test.output || '(nothing)'}</code>
                      </dd>
                      {expected !== undefined ? (
                        <>
                          <dt>Expected</dt>
                          <dd>
                            <code>{formatJson(expected)}</code>
                          </dd>
                        </>
                      ) : null}
                      {test.error ? (
                        <>
                          <dt>Error</dt>
                          <dd>
                            <pre className="ilm-test-error">{test.error}</pre>
                          </dd>
                        </>
                      ) : null}
                    </dl>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {result.stdout || result.stderr ? (
            <details className="ilm-run-output">
              <summary>Printed output</summary>
              {result.stdout ? (
                <>
                  <h4 className="ilm-output-title">Standard output</h4>
                  <pre>{result.stdout}</pre>
                </>
              ) : null}
              {result.stderr ? (
                <>
                  <h4 className="ilm-output-title">Standard error</h4>
                  <pre>{result.stderr}</pre>
                </>
              ) : null}
            </details>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
