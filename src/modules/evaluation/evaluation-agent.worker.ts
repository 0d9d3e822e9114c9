/** The `evaluation-agent` queue processor: one job per session and scoring version (the job id says so). */
import type { JobProcessor } from '../../platform/queue/worker-runner.ts';
import type { EvaluationService } from './evaluation.service.ts';

/** Evaluates the session of the job; a retry re-evaluates and overwrites the same row. */
export function createEvaluationAgentProcessor(service: EvaluationService): JobProcessor<'evaluation-agent'> {
  return async (payload) => {
    const result = await service.evaluate(payload.sessionId, payload.scoringVersion);
    return { overall: result.overall, recommendation: result.recommendation };
  };
}
