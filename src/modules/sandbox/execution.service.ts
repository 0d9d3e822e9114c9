/**
 * The execution service every caller uses (test runs, submissions, the assistant): runs a request
 * in this process's sandbox pool or, when sandbox workers run elsewhere, through the
 * `code-execution` queue; then stores the run. Idempotent by run id both ways.
 */
import { randomUUID } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { saveRun } from './sandbox.repository.ts';
import { type RunRequest, RunRequestSchema, type RunResult, RunResultSchema } from './sandbox.schema.ts';
import type { Sandbox } from './sandbox.service.ts';

/** Where runs happen. */
export type ExecutionBackend =
  | { kind: 'inline'; sandbox: Sandbox }
  | { kind: 'queue'; queue: Queue; events: QueueEvents; timeoutMs: number };

/** Who asked for the run, for storage. */
export interface RunContext {
  organizationId?: string | undefined;
  origin?: 'candidate' | 'assistant' | 'system';
}

/** Runs code and records the result. */
export interface ExecutionService {
  run(request: RunRequest, context?: RunContext): Promise<RunResult>;
}

/** Creates the service; `db` may be absent (the CLI runs without a database). */
export function createExecutionService(options: {
  backend: ExecutionBackend;
  db?: Database;
}): ExecutionService {
  const { backend } = options;

  async function execute(request: RunRequest & { runId: string }): Promise<RunResult> {
    if (backend.kind === 'inline') return backend.sandbox.run(request);
    const job = await backend.queue.add(
      'code-execution',
      { version: 1, runId: request.runId, request },
      { jobId: request.runId },
    );
    try {
      return RunResultSchema.parse(await job.waitUntilFinished(backend.events, backend.timeoutMs));
    } catch (error) {
      throw new AppError('UNAVAILABLE', 'The code runner did not answer in time; try again', {
        cause: error,
        retryAfterSeconds: 5,
      });
    }
  }

  return {
    async run(input, context = {}) {
      const request = { ...RunRequestSchema.parse(input), runId: input.runId ?? randomUUID() };
      const result = await execute(request);
      if (options.db) {
        await saveRun(options.db, result, {
          organizationId: context.organizationId,
          tests: request.tests ?? [],
          origin: context.origin ?? 'candidate',
        });
      }
      return result;
    },
  };
}
