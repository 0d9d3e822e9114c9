/** The dashboard over real HTTP on a real database: figures, scope by organization and assessment. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMember, type TestMember } from '../../../test/support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { assessments, candidates, evaluations, interviewSessions } from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { createAuthGuard } from '../accounts/index.ts';
import { registerDashboardRoutes } from './dashboard.routes.ts';

let database: TestDatabase;
let app: HttpServer;
let base: string;
let viewer: TestMember;
let assessmentId: string;

const weights = { codeQuality: 0.25, problemSolving: 0.25, aiCollaboration: 0.25, communication: 0.25 };

async function addCandidate(
  organizationId: string,
  assessment: string,
  status: string,
  session?: { minutes: number; score?: number },
) {
  const [candidate] = await database.handle.db
    .insert(candidates)
    .values({
      organizationId,
      assessmentId: assessment,
      email: `c-${randomBytes(4).toString('hex')}@example.test`,
      name: 'C',
      status: status as 'INVITED',
    })
    .returning();
  if (!candidate || !session) return;
  const startedAt = new Date(Date.now() - 3 * 3_600_000);
  const [row] = await database.handle.db
    .insert(interviewSessions)
    .values({
      organizationId,
      candidateId: candidate.id,
      assessmentId: assessment,
      language: 'python',
      credentialHash: randomBytes(16).toString('hex'),
      consentAt: startedAt,
      startedAt,
      deadlineAt: new Date(startedAt.getTime() + 90 * 60_000),
      ...(status !== 'IN_PROGRESS'
        ? {
            completedAt: new Date(startedAt.getTime() + session.minutes * 60_000),
            status: 'completed' as const,
          }
        : {}),
    })
    .returning();
  if (row && session.score !== undefined) {
    await database.handle.db.insert(evaluations).values({
      organizationId,
      sessionId: row.id,
      candidateId: candidate.id,
      scoringVersion: 'v1',
      status: 'completed',
      overall: session.score,
      confidence: 0.8,
      recommendation: 'hire',
      dimensions: [],
      weights,
      completedAt: new Date(),
    });
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  registerDashboardRoutes(app, {
    db: database.handle.db,
    guard: createAuthGuard({ db: database.handle.db }),
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  viewer = await createTestMember(database.handle.db, { role: 'VIEWER' });
  const insertAssessment = async (organizationId: string, title: string) => {
    const [row] = await database.handle.db
      .insert(assessments)
      .values({
        organizationId,
        title,
        role: 'backend',
        seniority: 'mid',
        durationMinutes: 90,
        languages: ['python'],
        status: 'published',
        difficultyMix: { easy: 0.3, medium: 0.5, hard: 0.2 },
        questionCount: 3,
      })
      .returning();
    return row?.id ?? '';
  };
  assessmentId = await insertAssessment(viewer.organizationId, 'Backend');
  const other = await insertAssessment(viewer.organizationId, 'Frontend');
  await addCandidate(viewer.organizationId, assessmentId, 'INVITED');
  await addCandidate(viewer.organizationId, assessmentId, 'IN_PROGRESS', { minutes: 0 });
  await addCandidate(viewer.organizationId, assessmentId, 'COMPLETED', { minutes: 40 });
  await addCandidate(viewer.organizationId, assessmentId, 'EVALUATED', { minutes: 60, score: 72 });
  await addCandidate(viewer.organizationId, other, 'HIRED', { minutes: 80, score: 91 });
  const stranger = await createTestMember(database.handle.db, { role: 'OWNER' });
  const foreign = await insertAssessment(stranger.organizationId, 'Not yours');
  await addCandidate(stranger.organizationId, foreign, 'EVALUATED', { minutes: 10, score: 5 });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function dashboard(query = '', headers = viewer.headers()) {
  const response = await fetch(`${base}/api/dashboard${query}`, { headers });
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, checked field by field
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('GET /api/dashboard', () => {
  it('gives KPIs, the funnel, scores and a row per assessment of the organization only', async () => {
    const { status, body } = await dashboard();
    expect(status).toBe(200);
    expect(body.kpis).toMatchObject({
      candidatesInvited: 5,
      interviewsStarted: 4,
      interviewsCompleted: 3,
      completionRate: 0.75,
      medianMinutesToComplete: 60,
      evaluated: 2,
      averageScore: 81.5,
    });
    expect(body.funnel.slice(0, 4)).toEqual([
      { stage: 'INVITED', count: 5 },
      { stage: 'IN_PROGRESS', count: 4 },
      { stage: 'COMPLETED', count: 3 },
      { stage: 'EVALUATED', count: 2 },
    ]);
    expect(body.funnel.find((stage: { stage: string }) => stage.stage === 'HIRED')?.count).toBe(1);
    expect(body.scoreDistribution[7].count).toBe(1);
    expect(body.scoreDistribution[9].count).toBe(1);
    expect(body.assessments.map((row: { title: string }) => row.title)).toEqual(['Backend', 'Frontend']);
  });

  it('narrows to one assessment and to a period, and refuses bad periods', async () => {
    const one = await dashboard(`?assessmentId=${assessmentId}`);
    expect(one.body.kpis).toMatchObject({ candidatesInvited: 4, evaluated: 1, averageScore: 72 });
    const past = await dashboard(`?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`);
    expect(past.body.kpis).toMatchObject({
      candidatesInvited: 0,
      interviewsStarted: 0,
      completionRate: null,
      averageScore: null,
    });
    expect((await dashboard('?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(400);
    expect((await dashboard('', {})).status).toBe(401);
  });
});
