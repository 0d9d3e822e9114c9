/**
 * Candidate reports: who the candidate is, what they were asked, how the hidden tests went and the
 * latest completed evaluation, for members of the candidate's organization (another organization's
 * candidate is a 404). Share links give a read-only copy without the candidate's email to anyone
 * holding the link until it expires or is revoked; only the token's hash is stored.
 */
import type { Database } from '../../platform/db/client.ts';
import type { Evaluation } from '../../platform/db/schema/index.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { type Actor, audit } from '../accounts/index.ts';
import {
  findCandidateEvaluation,
  findLatestCompletedEvaluation,
  findLatestEvaluation,
  findReportCandidate,
  findSessionOfCandidate,
  findShareLink,
  findShareLinkByTokenHash,
  insertShareLink,
  listRunResults,
  listRuns,
  listSessionQuestions,
  listShareLinks,
  listStatusHistory,
  recordShareAccess,
  revokeShareLink,
} from './report.repository.ts';
import type {
  Report,
  ReportEvaluation,
  ReportEvidence,
  ReportQuestion,
  SharedReport,
  ShareView,
} from './report.schema.ts';
import { reportStatusOf } from './report-status.ts';
import { hashShareToken, newShareToken, shareUrl } from './share-token.ts';

const HOUR_MS = 3_600_000;

/** A share link just created: the token and URL are shown once. */
export interface CreatedShare {
  id: string;
  url: string;
  token: string;
  expiresAt: Date;
}

/** Report use cases. */
export interface ReportService {
  /** The candidate's report; 404 for a candidate of another organization. */
  get(actor: Actor, candidateId: string): Promise<Report>;
  /** A new read-only link to the report, valid for `expiresInHours`. */
  createShare(actor: Actor, candidateId: string, input: { expiresInHours: number }): Promise<CreatedShare>;
  /** The candidate's share links, newest first (never their tokens). */
  listShares(actor: Actor, candidateId: string): Promise<ShareView[]>;
  /** Ends a share link at once; revoking twice keeps the first time. */
  revokeShare(actor: Actor, candidateId: string, shareId: string): Promise<ShareView>;
  /**
   * The report behind a share token, without the candidate's email; counts the access. 404 for an
   * unknown token, 410 for an expired or revoked one.
   */
  openShared(token: string): Promise<{ report: SharedReport; expiresAt: Date }>;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Keeps the documented fields of a stored evidence item with the right types: the jsonb column is
 * written by another module, and one malformed item must not break the whole report.
 */
function evidenceOf(item: Record<string, unknown>): ReportEvidence {
  const lines = item.lines;
  return {
    kind: isString(item.kind) ? item.kind : 'note',
    summary: isString(item.summary) ? item.summary : '',
    ...(isNumber(item.eventSeq) ? { eventSeq: item.eventSeq } : {}),
    ...(isString(item.runId) ? { runId: item.runId } : {}),
    ...(isString(item.filePath) ? { filePath: item.filePath } : {}),
    ...(Array.isArray(lines) && lines.length === 2 && isNumber(lines[0]) && isNumber(lines[1])
      ? { lines: [lines[0], lines[1]] as [number, number] }
      : {}),
    ...(isNumber(item.value) ? { value: item.value } : {}),
  };
}

/** The report view of a completed evaluation row. */
function evaluationOf(row: Evaluation): ReportEvaluation | null {
  if (row.status !== 'completed' || row.overall === null || row.confidence === null || !row.recommendation) {
    return null;
  }
  const integrity = row.integrity;
  return {
    id: row.id,
    scoringVersion: row.scoringVersion,
    overall: row.overall,
    confidence: row.confidence,
    recommendation: row.recommendation,
    dimensions: (row.dimensions ?? []).map((dimension) => ({
      name: String(dimension.name),
      score: Number(dimension.score) || 0,
      weight: Number(dimension.weight) || 0,
      confidence: Number(dimension.confidence) || 0,
      evidence: (Array.isArray(dimension.evidence) ? (dimension.evidence as unknown[]) : [])
        .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
        .map(evidenceOf),
    })),
    integrity: integrity
      ? {
          riskLevel: integrity.riskLevel,
          signals: (integrity.signals ?? []).map((signal) => ({
            kind: String(signal.kind),
            severity: signal.severity,
            summary: String(signal.summary ?? ''),
            ...(isNumber(signal.eventSeq) ? { eventSeq: signal.eventSeq } : {}),
            ...(isNumber(signal.value) ? { value: signal.value } : {}),
            ...(isString(signal.relatedSessionId) ? { relatedSessionId: signal.relatedSessionId } : {}),
          })),
        }
      : null,
    ability:
      row.ability && isNumber(row.ability.theta) && isNumber(row.ability.standardError)
        ? { theta: row.ability.theta, standardError: row.ability.standardError }
        : null,
    llm: row.llm
      ? {
          provider: String(row.llm.provider),
          model: String(row.llm.model),
          tokens: Number(row.llm.tokens) || 0,
          costUsd: Number(row.llm.costUsd) || 0,
        }
      : null,
    details: row.details
      ? {
          ...(isString(row.details.summary) ? { summary: row.details.summary } : {}),
          ...(Array.isArray(row.details.recommendationReasons)
            ? { recommendationReasons: row.details.recommendationReasons.filter(isString) }
            : {}),
          ...(row.details.methodDisagreement ? { methodDisagreement: row.details.methodDisagreement } : {}),
          ...(row.details.unreviewedRecommendation
            ? { unreviewedRecommendation: row.details.unreviewedRecommendation }
            : {}),
        }
      : null,
    completedAt: (row.completedAt ?? row.updatedAt).toISOString(),
  };
}

function shareStateOf(link: { expiresAt: Date; revokedAt: Date | null }, now: Date): ShareView['state'] {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt.getTime() > now.getTime() ? 'active' : 'expired';
}

function shareViewOf(
  link: {
    id: string;
    createdAt: Date;
    expiresAt: Date;
    revokedAt: Date | null;
    lastAccessedAt: Date | null;
    accessCount: number;
    createdByUserId: string | null;
    createdByName: string | null;
  },
  now: Date,
): ShareView {
  return {
    id: link.id,
    state: shareStateOf(link, now),
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    lastAccessedAt: link.lastAccessedAt?.toISOString() ?? null,
    accessCount: link.accessCount,
    createdBy: { userId: link.createdByUserId, name: link.createdByName },
  };
}

/** Builds report services on `db`; `appUrl` starts every share link, `now` is the clock (tests). */
export function createReportService(options: {
  db: Database;
  appUrl: string;
  now?: () => Date;
}): ReportService {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  async function questionsOf(sessionId: string): Promise<ReportQuestion[]> {
    const served = await listSessionQuestions(db, sessionId);
    const runIds = served.flatMap((question) => (question.hiddenRunId ? [question.hiddenRunId] : []));
    const [runs, results] = await Promise.all([listRuns(db, sessionId, runIds), listRunResults(db, runIds)]);
    return served.map((question) => {
      const run = runs.find((candidate) => candidate.id === question.hiddenRunId);
      return {
        position: question.position,
        questionId: question.questionId,
        title: question.title,
        difficulty: question.difficulty,
        language: question.language,
        startedAt: question.startedAt.toISOString(),
        submittedAt: question.submittedAt?.toISOString() ?? null,
        score: question.score,
        autoSubmitted: question.autoSubmitted,
        hiddenRun: run
          ? {
              runId: run.id,
              status: run.status,
              passed: run.passed,
              failed: run.failed,
              total: run.total,
              durationMs: run.durationMs,
              tests: results
                .filter((result) => result.runId === run.id)
                .map((result) => ({
                  testName: result.testName,
                  passed: result.passed,
                  hidden: result.hidden,
                  durationMs: result.durationMs,
                  error: result.error,
                })),
            }
          : null,
      };
    });
  }

  /** The report of a candidate of `organizationId`; `evaluationId` pins an evaluation (share links). */
  async function buildReport(
    organizationId: string,
    candidateId: string,
    evaluationId: string | null = null,
  ): Promise<Report> {
    const found = await findReportCandidate(db, organizationId, candidateId);
    if (!found) throw new NotFoundError('Candidate');
    const { candidate, assessment } = found;
    const at = now();
    const [history, session, pinned, latestCompleted, latest] = await Promise.all([
      listStatusHistory(db, candidateId),
      findSessionOfCandidate(db, organizationId, candidateId),
      evaluationId ? findCandidateEvaluation(db, organizationId, candidateId, evaluationId) : undefined,
      findLatestCompletedEvaluation(db, organizationId, candidateId),
      findLatestEvaluation(db, organizationId, candidateId),
    ]);
    const evaluationRow = pinned?.status === 'completed' ? pinned : latestCompleted;
    const evaluation = evaluationRow ? evaluationOf(evaluationRow) : null;
    const { status, message } = reportStatusOf({
      sessionStatus: session?.status ?? null,
      hasCompletedEvaluation: evaluation !== null,
      latestEvaluationStatus: latest?.status ?? null,
    });
    const end = session?.completedAt ?? (session?.status === 'active' ? at : session?.lastActivityAt);
    return {
      status,
      statusMessage: message,
      generatedAt: at.toISOString(),
      candidate: {
        id: candidate.id,
        name: candidate.name,
        email: candidate.email,
        status: candidate.status,
        statusChangedAt: candidate.statusChangedAt.toISOString(),
        invitedAt: candidate.createdAt.toISOString(),
        history: history.map((entry) => ({
          from: entry.from,
          to: entry.to,
          at: entry.at.toISOString(),
          reason: entry.reason,
          actor: { kind: entry.actorKind, name: entry.actorName },
        })),
      },
      assessment: {
        id: assessment.id,
        title: assessment.title,
        role: assessment.role,
        seniority: assessment.seniority,
        aiPolicy: assessment.aiPolicy,
        durationMinutes: assessment.durationMinutes,
      },
      session: session
        ? {
            id: session.id,
            status: session.status,
            language: session.language,
            startedAt: session.startedAt.toISOString(),
            completedAt: session.completedAt?.toISOString() ?? null,
            deadlineAt: session.deadlineAt.toISOString(),
            durationSeconds: Math.max(
              0,
              Math.round(((end ?? session.startedAt).getTime() - session.startedAt.getTime()) / 1000),
            ),
            questions: await questionsOf(session.id),
          }
        : null,
      evaluation,
    };
  }

  async function requireCandidate(actor: Actor, candidateId: string): Promise<void> {
    if (!(await findReportCandidate(db, actor.organizationId, candidateId))) {
      throw new NotFoundError('Candidate');
    }
  }

  return {
    get: (actor, candidateId) => buildReport(actor.organizationId, candidateId),

    async createShare(actor, candidateId, input) {
      await requireCandidate(actor, candidateId);
      const at = now();
      const expiresAt = new Date(at.getTime() + input.expiresInHours * HOUR_MS);
      const { token, hash } = newShareToken();
      const link = await db.transaction(async (tx) => {
        const inserted = await insertShareLink(tx, {
          organizationId: actor.organizationId,
          candidateId,
          tokenHash: hash,
          expiresAt,
          createdByUserId: actor.kind === 'user' ? actor.userId : null,
          createdAt: at,
        });
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'report.share_created',
          targetType: 'candidate',
          targetId: candidateId,
          data: { shareId: inserted.id, expiresAt: expiresAt.toISOString() },
        });
        return inserted;
      });
      return { id: link.id, url: shareUrl(options.appUrl, token), token, expiresAt };
    },

    async listShares(actor, candidateId) {
      await requireCandidate(actor, candidateId);
      const at = now();
      return (await listShareLinks(db, actor.organizationId, candidateId)).map((link) =>
        shareViewOf(link, at),
      );
    },

    async revokeShare(actor, candidateId, shareId) {
      const at = now();
      const link = await db.transaction(async (tx) => {
        const found = await findShareLink(tx, actor.organizationId, candidateId, shareId);
        if (!found) throw new NotFoundError('Share link');
        if (!found.revokedAt) {
          await revokeShareLink(tx, shareId, at);
          await audit(tx, actor, {
            organizationId: actor.organizationId,
            action: 'report.share_revoked',
            targetType: 'candidate',
            targetId: candidateId,
            data: { shareId },
          });
        }
        return findShareLink(tx, actor.organizationId, candidateId, shareId);
      });
      if (!link) throw new NotFoundError('Share link');
      return shareViewOf(link, at);
    },

    async openShared(token) {
      const at = now();
      const hash = hashShareToken(token);
      const link = await recordShareAccess(db, hash, at);
      if (!link) {
        const known = await findShareLinkByTokenHash(db, hash);
        if (!known) throw new NotFoundError('Shared report');
        throw new AppError(
          'GONE',
          known.revokedAt ? 'This report link was revoked' : 'This report link has expired',
        );
      }
      const report = await buildReport(link.organizationId, link.candidateId, link.evaluationId);
      // The link's reader is outside the organization: the candidate's address stays private.
      const { email: _email, ...candidate } = report.candidate;
      return { report: { ...report, candidate }, expiresAt: link.expiresAt };
    },
  };
}
