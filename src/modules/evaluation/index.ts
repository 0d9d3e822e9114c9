/** Evaluation: the recording, scoring v1 with evidence, the optional LLM review, the evaluation agent. */

export { type EvaluationResult, evaluateRecording } from './evaluate-recording.service.ts';
export { loadRecording } from './evaluation.repository.ts';
export { createEvaluationService, type EvaluationService } from './evaluation.service.ts';
export { createEvaluationAgentProcessor } from './evaluation-agent.worker.ts';
export { looksLikeGraderInstruction, withoutGraderInstructions } from './injection.ts';
export { buildReviewRequest, parseReviewAnswer, REVIEW_PURPOSE, ReviewAnswerSchema } from './llm-review.ts';
export type { SessionRecording } from './recording.ts';
export {
  type DimensionName,
  type DimensionScore,
  defaultWeights,
  overallOf,
  recommend,
  SCORING_VERSION,
  scoreDeterministically,
  thresholds,
} from './scoring.ts';
