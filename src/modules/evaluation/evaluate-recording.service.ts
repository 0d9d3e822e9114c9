/**
 * Scoring a recording, with the optional LLM review: deterministic dimensions, the review merged
 * in (or a fallback with lower confidence), grader-addressed text flagged, the recommendation.
 * No storage: the evaluation agent and the validity suite both run this.
 */
import { randomBytes } from 'node:crypto';
import type { IntegrityReport } from '../../platform/db/schema/types.ts';
import type { LlmClient } from '../../platform/llm/llm.service.ts';
import type { Logger } from '../../platform/logger.ts';
import { deriveRiskLevel } from '../integrity/index.ts';
import { buildReviewRequest, mergeReview, parseReviewAnswer, REVIEW_PURPOSE } from './llm-review.ts';
import type { SessionRecording } from './recording.ts';
import {
  type DeterministicScores,
  type DimensionScore,
  overallOf,
  recommend,
  scoreDeterministically,
} from './scoring.ts';

/** A finished evaluation as stored. */
export interface EvaluationResult {
  sessionId: string;
  scoringVersion: string;
  overall: number;
  confidence: number;
  recommendation: ReturnType<typeof recommend>['recommendation'];
  dimensions: DimensionScore[];
  integrity: IntegrityReport;
  ability: { theta: number; standardError: number };
  llm: { provider: string; model: string; tokens: number; costUsd: number } | null;
  details: {
    summary: string;
    recommendationReasons: string[];
    methodDisagreement: Record<string, number>;
    reviewFallback?: string;
  };
}

/** Scores a recording (no storage): what both the worker and the validity suite run. */
export async function evaluateRecording(
  recording: SessionRecording,
  options: { llm?: LlmClient | undefined; integrity?: IntegrityReport; logger?: Logger },
): Promise<Omit<EvaluationResult, 'sessionId' | 'scoringVersion'>> {
  const deterministic: DeterministicScores = scoreDeterministically(recording);
  let dimensions = deterministic.dimensions;
  let disagreement: Record<string, number> = {};
  let llmUsage: EvaluationResult['llm'] = null;
  let reviewFallback: string | undefined;
  let summary = '';
  if (options.llm && options.llm.provider !== 'offline') {
    const boundary = `candidate-data-${randomBytes(9).toString('hex')}`;
    const request = buildReviewRequest(recording, dimensions, boundary);
    try {
      const response = await options.llm.complete({
        purpose: REVIEW_PURPOSE,
        organizationId: recording.organizationId,
        system: request.system,
        messages: [{ role: 'user', content: request.user }],
        maxTokens: 2_000,
        temperature: 0,
      });
      llmUsage = {
        provider: response.provider,
        model: response.model,
        tokens: response.usage.inputTokens + response.usage.outputTokens,
        costUsd: response.costUsd,
      };
      const parsed = parseReviewAnswer(response.text);
      if (parsed.ok) {
        const merged = mergeReview(dimensions, parsed.answer);
        dimensions = merged.dimensions;
        disagreement = merged.disagreement;
        summary = parsed.answer.summary;
      } else {
        reviewFallback = parsed.reason;
      }
    } catch (error) {
      reviewFallback = error instanceof Error ? error.message : 'the review failed';
    }
    if (reviewFallback) {
      options.logger?.warn(
        { sessionId: recording.sessionId, reason: reviewFallback },
        'LLM review failed; deterministic scores only',
      );
      // One method instead of two: the same scores, stated with less confidence (never a 0).
      dimensions = dimensions.map((dimension) => ({
        ...dimension,
        confidence: Math.round(dimension.confidence * 85) / 100,
      }));
    }
  }
  const integrity: IntegrityReport = options.integrity ?? { riskLevel: 'none', signals: [] };
  if (deterministic.graderInstructions.length > 0) {
    integrity.signals = [
      ...integrity.signals,
      ...deterministic.graderInstructions.map((found) => ({
        kind: 'grader_instruction',
        severity: 'medium' as const,
        summary: found.filePath
          ? `${found.filePath} contains text addressed to the grader (ignored when scoring)`
          : 'a chat message addressed the grader (ignored when scoring)',
        ...(found.eventSeq !== undefined ? { eventSeq: found.eventSeq } : {}),
      })),
    ];
    // The integrity module's own rules decide the level with the added signals.
    integrity.riskLevel = deriveRiskLevel(integrity.signals);
  }
  const { overall, confidence } = overallOf(dimensions);
  const maxDisagreement = Math.max(0, ...Object.values(disagreement));
  const verdict = recommend(overall, confidence, maxDisagreement);
  const scored = dimensions.filter((dimension) => dimension.weight > 0);
  const strongest = [...scored].sort((a, b) => b.score - a.score)[0];
  const weakest = [...scored].sort((a, b) => a.score - b.score)[0];
  return {
    overall,
    confidence,
    recommendation: verdict.recommendation,
    dimensions,
    integrity,
    ability: recording.ability,
    llm: llmUsage,
    details: {
      summary:
        summary ||
        `Overall ${overall}/100 over ${recording.questions.length} question(s); strongest: ${strongest?.name.replace('_', ' ')} (${strongest?.score}), weakest: ${weakest?.name.replace('_', ' ')} (${weakest?.score}).`,
      recommendationReasons: verdict.reasons,
      methodDisagreement: disagreement,
      ...(reviewFallback ? { reviewFallback } : {}),
    },
  };
}
