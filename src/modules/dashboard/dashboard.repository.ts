/** The figures behind the recruiter dashboard, for one organization and period. */
import { and, avg, count, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { assessments, candidates, evaluations, interviewSessions } from '../../platform/db/schema/index.ts';
import type { CandidateStatus } from './funnel.ts';

export interface DashboardScope {
  organizationId: string;
  assessmentId?: string | undefined;
  from: Date;
  to: Date;
}

/** Candidates invited in the period, by current status. */
export async function statusCounts(
  db: Database,
  scope: DashboardScope,
): Promise<Partial<Record<CandidateStatus, number>>> {
  const rows = await db
    .select({ status: candidates.status, count: count() })
    .from(candidates)
    .where(
      and(
        eq(candidates.organizationId, scope.organizationId),
        scope.assessmentId ? eq(candidates.assessmentId, scope.assessmentId) : undefined,
        gte(candidates.createdAt, scope.from),
        lt(candidates.createdAt, scope.to),
      ),
    )
    .groupBy(candidates.status);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Sessions started in the period: how many, how many finished, median minutes to finish. */
export async function sessionFigures(db: Database, scope: DashboardScope) {
  const [row] = await db
    .select({
      started: count(),
      completed: sql<number>`count(${interviewSessions.completedAt})::int`,
      medianMinutes: sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from (${interviewSessions.completedAt} - ${interviewSessions.startedAt})) / 60)`,
    })
    .from(interviewSessions)
    .where(
      and(
        eq(interviewSessions.organizationId, scope.organizationId),
        scope.assessmentId ? eq(interviewSessions.assessmentId, scope.assessmentId) : undefined,
        gte(interviewSessions.startedAt, scope.from),
        lt(interviewSessions.startedAt, scope.to),
      ),
    );
  return {
    started: Number(row?.started ?? 0),
    completed: Number(row?.completed ?? 0),
    medianMinutesToComplete:
      row?.medianMinutes === null || row?.medianMinutes === undefined ? null : Number(row.medianMinutes),
  };
}

/** Overall scores of evaluations completed in the period. */
export async function evaluationScores(db: Database, scope: DashboardScope): Promise<number[]> {
  const rows = await db
    .select({ overall: evaluations.overall })
    .from(evaluations)
    .innerJoin(candidates, eq(candidates.id, evaluations.candidateId))
    .where(
      and(
        eq(evaluations.organizationId, scope.organizationId),
        eq(evaluations.status, 'completed'),
        scope.assessmentId ? eq(candidates.assessmentId, scope.assessmentId) : undefined,
        gte(evaluations.completedAt, scope.from),
        lt(evaluations.completedAt, scope.to),
      ),
    );
  return rows.flatMap((row) => (row.overall === null ? [] : [row.overall]));
}

/** Per assessment: candidates invited in the period, completed, average score. */
export async function perAssessment(db: Database, scope: DashboardScope) {
  const rows = await db
    .select({
      assessmentId: assessments.id,
      title: assessments.title,
      invited: count(candidates.id),
      completed: sql<number>`count(*) filter (where ${candidates.status} in ('COMPLETED', 'EVALUATED', 'ADVANCED', 'REJECTED', 'HIRED'))::int`,
      averageScore: avg(evaluations.overall),
    })
    .from(assessments)
    .leftJoin(
      candidates,
      and(
        eq(candidates.assessmentId, assessments.id),
        gte(candidates.createdAt, scope.from),
        lt(candidates.createdAt, scope.to),
      ),
    )
    .leftJoin(
      evaluations,
      and(eq(evaluations.candidateId, candidates.id), eq(evaluations.status, 'completed')),
    )
    .where(
      and(
        eq(assessments.organizationId, scope.organizationId),
        scope.assessmentId ? eq(assessments.id, scope.assessmentId) : undefined,
      ),
    )
    .groupBy(assessments.id, assessments.title)
    .orderBy(assessments.title);
  return rows.map((row) => ({
    assessmentId: row.assessmentId,
    title: row.title,
    invited: Number(row.invited),
    completed: Number(row.completed),
    averageScore: row.averageScore === null ? null : Math.round(Number(row.averageScore) * 10) / 10,
  }));
}
