/** Stores every run and each of its test results (PRODUCT.md §3), linked to session and question. */

import type { Database } from '../../platform/db/client.ts';
import { testResults, testRuns } from '../../platform/db/schema/index.ts';
import type { RunResult, TestCase } from './sandbox.schema.ts';

/** Inserts the run and its results in one transaction; a run id already stored is left as it is. */
export async function saveRun(
  db: Database,
  result: RunResult,
  context: {
    organizationId?: string | undefined;
    tests: TestCase[];
    origin: 'candidate' | 'assistant' | 'system';
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(testRuns)
      .values({
        id: result.runId,
        organizationId: context.organizationId ?? null,
        sessionId: result.sessionId ?? null,
        questionId: result.questionId ?? null,
        language: result.language,
        kind: result.kind,
        status: result.status,
        origin: context.origin,
        passed: result.passed,
        failed: result.failed,
        total: result.total,
        stdout: result.stdout,
        stderr: result.stderr,
        durationMs: Math.round(result.durationMs),
      })
      .onConflictDoNothing({ target: testRuns.id })
      .returning({ id: testRuns.id });
    if (inserted.length === 0 || result.tests.length === 0) return;
    await tx.insert(testResults).values(
      result.tests.map((test, position) => ({
        runId: result.runId,
        testName: test.testName,
        passed: test.passed,
        output: test.output,
        error: test.error,
        durationMs: test.duration,
        hidden: test.hidden,
        weight: context.tests[position]?.weight ?? 1,
        position,
      })),
    );
  });
}
