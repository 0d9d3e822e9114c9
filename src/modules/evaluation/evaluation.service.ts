/**
 * The evaluation agent's use case: load the whole recording (every test result included), score
 * the four dimensions, optionally merge an LLM review (falling back to the deterministic methods
 * with lower confidence when it fails), assess integrity, decide the recommendation, store it
 * (idempotent per session and scoring version), move the candidate to EVALUATED and tell the
 * recruiters.
 */
import { UnrecoverableError } from 'bullmq';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { memberships, users } from '../../platform/db/schema/index.ts';
import type { LlmClient } from '../../platform/llm/llm.service.ts';
import type { Logger } from '../../platform/logger.ts';
import { moveCandidateStatus } from '../candidates/index.ts';
import { assessSessionIntegrity } from '../integrity/index.ts';
import { type EvaluationResult, evaluateRecording } from './evaluate-recording.service.ts';
import { findEvaluation, loadRecording, upsertEvaluation } from './evaluation.repository.ts';
import type { SessionRecording } from './recording.ts';
import { defaultWeights, recommend, SCORING_VERSION } from './scoring.ts';

/** The evaluation use case over the database. */
export interface EvaluationService {
  /** Evaluates a completed session (idempotent per scoring version); resolves with the stored result. */
  evaluate(sessionId: string, scoringVersion?: string): Promise<EvaluationResult>;
}

/** Creates the service; `notify` tells recruiters (an email per recruiter, by default through the mailer). */
export function createEvaluationService(options: {
  db: Database;
  llm?: LlmClient;
  logger: Logger;
  notify?: (message: {
    to: string;
    subject: string;
    text: string;
    organizationId: string;
    dedupeKey: string;
  }) => Promise<unknown>;
  appUrl?: string;
  now?: () => Date;
}): EvaluationService {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const log = logger.child({ component: 'evaluation' });

  async function notifyRecruiters(recording: SessionRecording, result: EvaluationResult): Promise<void> {
    if (!options.notify) return;
    const recipients = await db
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.organizationId, recording.organizationId),
          inArray(memberships.role, ['OWNER', 'ADMIN', 'RECRUITER']),
        ),
      );
    const link = options.appUrl ? `${options.appUrl}/candidates/${recording.candidateId}/report` : '';
    for (const { email } of recipients) {
      await options
        .notify({
          to: email,
          organizationId: recording.organizationId,
          // A retried job stores (and sends) each recruiter's message once.
          dedupeKey: `evaluation-${result.sessionId}-${result.scoringVersion}-${email}`,
          subject: `Evaluation ready: ${result.overall}/100, ${result.recommendation.replaceAll('_', ' ')}`,
          text: `An interview was evaluated.\n\nOverall: ${result.overall}/100 (confidence ${result.confidence})\nRecommendation: ${result.recommendation.replaceAll('_', ' ')}\nIntegrity risk: ${result.integrity.riskLevel}\n${link ? `\nReport: ${link}\n` : ''}`,
        })
        .catch((error: unknown) => log.warn({ err: error }, 'could not notify a recruiter'));
    }
  }

  return {
    async evaluate(sessionId, scoringVersion = SCORING_VERSION) {
      const recording = await loadRecording(db, sessionId);
      if (!recording) throw new UnrecoverableError(`session ${sessionId} does not exist`);
      if (recording.completedAt === null) throw new Error(`session ${sessionId} has not ended yet`);
      const previous = await findEvaluation(db, sessionId, scoringVersion);
      const integrity = await assessSessionIntegrity(db, {
        sessionId,
        organizationId: recording.organizationId,
        integrityMonitoring: recording.integrityMonitoring,
        finalCode: recording.questions.flatMap((question) => {
          const file =
            question.finalFiles.find((entry) => entry.path === question.mainFile) ?? question.finalFiles[0];
          return file
            ? [{ questionId: question.questionId, language: question.language, code: file.content }]
            : [];
        }),
      });
      const scored = await evaluateRecording(recording, { llm: options.llm, integrity, logger: log });
      const result: EvaluationResult = { sessionId, scoringVersion, ...scored };
      await upsertEvaluation(db, {
        organizationId: recording.organizationId,
        sessionId,
        candidateId: recording.candidateId,
        scoringVersion,
        status: 'completed',
        overall: result.overall,
        confidence: result.confidence,
        recommendation: result.recommendation,
        dimensions: result.dimensions,
        integrity: result.integrity,
        ability: result.ability,
        llm: result.llm,
        weights: {
          codeQuality: defaultWeights.code_quality,
          problemSolving: defaultWeights.problem_solving,
          aiCollaboration:
            result.dimensions.find((dimension) => dimension.name === 'ai_collaboration')?.weight ?? 0,
          communication: defaultWeights.communication,
        },
        details: {
          summary: result.details.summary,
          recommendationReasons: result.details.recommendationReasons,
          methodDisagreement: result.details.methodDisagreement,
          ...(result.recommendation === 'needs_review'
            ? { unreviewedRecommendation: recommend(result.overall, 1, 0).unreviewed }
            : {}),
        },
        error: null,
        completedAt: now(),
      });
      await moveCandidateStatus(db, {
        organizationId: recording.organizationId,
        candidateId: recording.candidateId,
        to: 'EVALUATED',
        actor: { kind: 'system' },
        reason: `evaluation ${scoringVersion}: ${result.overall}/100`,
        now: now(),
      }).catch((error: unknown) =>
        log.info({ err: error, sessionId }, 'candidate not moved to EVALUATED (already further along)'),
      );
      // A re-run of a finished evaluation (retry, new worker) does not email again.
      if (previous?.status !== 'completed') await notifyRecruiters(recording, result);
      log.info(
        { sessionId, overall: result.overall, recommendation: result.recommendation },
        'session evaluated',
      );
      return result;
    },
  };
}
