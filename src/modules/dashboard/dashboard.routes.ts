/**
 * GET /api/dashboard: the recruiter dashboard's figures for a period (default the last 30 days),
 * for the whole organization or one assessment — KPIs, the pipeline funnel, the score
 * distribution, completion rate, median time to complete, and a row per assessment.
 */
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { type AuthGuard, actorOf } from '../accounts/index.ts';
import { evaluationScores, perAssessment, sessionFigures, statusCounts } from './dashboard.repository.ts';
import { funnelOf, scoreBuckets } from './funnel.ts';

const DAY_MS = 86_400_000;

const QuerySchema = z.object({
  assessmentId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export function registerDashboardRoutes(app: HttpServer, options: { db: Database; guard: AuthGuard }): void {
  const { db } = options;
  app.get(
    '/api/dashboard',
    {
      preHandler: options.guard.require('dashboard:read'),
      schema: {
        tags: ['dashboard'],
        summary: 'KPIs, funnel, score distribution and completion for a period (default: the last 30 days)',
        querystring: QuerySchema,
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const to = request.query.to ? new Date(request.query.to) : new Date();
      const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 30 * DAY_MS);
      if (from >= to) throw new AppError('VALIDATION_FAILED', '`from` must be before `to`');
      if (to.getTime() - from.getTime() > 366 * DAY_MS)
        throw new AppError('VALIDATION_FAILED', 'The period is at most one year');
      const scope = { organizationId, assessmentId: request.query.assessmentId, from, to };
      const [counts, sessions, scores, assessments] = await Promise.all([
        statusCounts(db, scope),
        sessionFigures(db, scope),
        evaluationScores(db, scope),
        perAssessment(db, scope),
      ]);
      const funnel = funnelOf(counts);
      const averageScore =
        scores.length === 0
          ? null
          : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10;
      return {
        success: true,
        period: { from: from.toISOString(), to: to.toISOString() },
        kpis: {
          candidatesInvited: funnel[0]?.count ?? 0,
          interviewsStarted: sessions.started,
          interviewsCompleted: sessions.completed,
          completionRate: sessions.started === 0 ? null : sessions.completed / sessions.started,
          medianMinutesToComplete: sessions.medianMinutesToComplete,
          evaluated: scores.length,
          averageScore,
        },
        funnel,
        scoreDistribution: scoreBuckets(scores),
        assessments,
      };
    },
  );
}
