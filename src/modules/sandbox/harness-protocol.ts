/**
 * Reads what the in-sandbox harness reported on fd 3. The harness runs next to untrusted code, so
 * every line is validated; a duplicate, out-of-order, foreign or malformed line means the program
 * tampered with the channel, and the whole run is failed rather than believed.
 */
import { z } from 'zod';
import { type JsonValue, JsonValueSchema } from './sandbox.schema.ts';

/** One line the harness writes: a test's outcome, or (i = -1) a failure to load the program. */
export const HarnessEventSchema = z.object({
  nonce: z.string(),
  i: z.number().int().min(-1),
  status: z.enum(['ok', 'error', 'timeout', 'load_error', 'compile_error']),
  value: JsonValueSchema.optional(),
  error: z.string().optional(),
  stdout: z.string().default(''),
  durationMs: z.number().nonnegative(),
});
export type HarnessEvent = z.infer<typeof HarnessEventSchema>;

/** What the run reported, once checked. */
export interface HarnessReport {
  /** Test outcomes by test index. */
  tests: Map<number, HarnessEvent & { value?: JsonValue }>;
  /** Set when the program could not be loaded (syntax error, exception at import, timeout). */
  loadFailure: HarnessEvent | undefined;
  /** Why the channel cannot be trusted, or undefined when it can. */
  tampered: string | undefined;
}

/** Parses the fd-3 text of a run with `testCount` tests that was given `nonce`. */
export function parseHarnessOutput(text: string, nonce: string, testCount: number): HarnessReport {
  const report: HarnessReport = { tests: new Map(), loadFailure: undefined, tampered: undefined };
  // Every complete line ends in a newline, so the last piece is either empty or the partial line
  // a run killed mid-write left behind: that is a crash, not tampering.
  const complete = text.split('\n').slice(0, -1);
  let expectedIndex = 0;
  for (const line of complete) {
    if (line.trim() === '') continue;
    let parsed: HarnessEvent;
    try {
      parsed = HarnessEventSchema.parse(JSON.parse(line));
    } catch {
      report.tampered = 'an unreadable line appeared on the result channel';
      return report;
    }
    if (parsed.nonce !== nonce) {
      report.tampered = 'a result line carried the wrong run nonce';
      return report;
    }
    if (parsed.i === -1) {
      if (report.loadFailure || report.tests.size > 0) {
        report.tampered = 'a load failure was reported after results';
        return report;
      }
      report.loadFailure = parsed;
      continue;
    }
    if (parsed.i !== expectedIndex || parsed.i >= testCount || report.loadFailure) {
      report.tampered = `result line for test ${parsed.i} arrived out of order`;
      return report;
    }
    if (parsed.status === 'load_error' || parsed.status === 'compile_error') {
      report.tampered = `test ${parsed.i} reported a load status`;
      return report;
    }
    report.tests.set(parsed.i, parsed);
    expectedIndex += 1;
  }
  return report;
}
