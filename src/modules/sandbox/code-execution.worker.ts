/**
 * Processor of the `code-execution` queue: a sandbox worker on any machine runs the request it is
 * handed and returns the RunResult. It needs no database and no API secret.
 */
import { UnrecoverableError } from 'bullmq';
import type { JobPayload } from '../../platform/queue/contracts.ts';
import { RunRequestSchema, type RunResult } from './sandbox.schema.ts';
import type { Sandbox } from './sandbox.service.ts';

/** Creates the processor bound to `sandbox`. */
export function createCodeExecutionProcessor(sandbox: Sandbox) {
  return async (payload: JobPayload<'code-execution'>): Promise<RunResult> => {
    const parsed = RunRequestSchema.safeParse(payload.request);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `Invalid run request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    return sandbox.run({ ...parsed.data, runId: payload.runId });
  };
}
