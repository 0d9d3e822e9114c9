/**
 * Assessments and problem seeds over real HTTP on a real database: the lifecycle, defaults,
 * validation, permissions, organization isolation, locks once a candidate has started, the
 * publish callback and the audit trail.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey, createTestMember, type TestMember } from '../../../test/support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { assessments, auditLogs, candidates, interviewSessions } from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { createAuthGuard } from '../accounts/index.ts';
import { seedQuestionBank } from '../questions/index.ts';
import { registerAssessmentRoutes } from './assessments.routes.ts';
import type { AssessmentView } from './assessments.schema.ts';
import { defaultDifficultyMix, type Seniority } from './difficulty-mix.ts';
import { markAssessmentStarted } from './index.ts';
import type { SeedView } from './seeds.schema.ts';

let database: TestDatabase;
let app: HttpServer;
let base: string;
const published: AssessmentView[] = [];

interface Reply {
  status: number;
  body: {
    success?: boolean;
    assessment?: AssessmentView;
    assessments?: AssessmentView[];
    seed?: SeedView;
    seeds?: SeedView[];
    total?: number;
    nextCursor?: string | null;
    error?: { code: string; message: string; fields?: { path: string; message: string }[] };
    [key: string]: unknown;
  };
}

async function call(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const fieldsOf = (reply: Reply) => (reply.body.error?.fields ?? []).map((field) => field.path);

const draft = (overrides: Record<string, unknown> = {}) => ({
  title: 'Backend engineer',
  role: 'backend',
  seniority: 'mid',
  durationMinutes: 60,
  languages: ['python', 'typescript'],
  ...overrides,
});

const seedBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Rate limiter',
  description: 'Implement `allow(events, limit, window)` returning which events pass.',
  difficulty: 'medium',
  topics: ['Sliding Window', 'queues'],
  languages: ['python', 'typescript'],
  starters: [
    {
      language: 'python',
      entryPoint: 'allow',
      files: [{ path: 'solution.py', content: 'def allow(events, limit, window):\n    pass\n' }],
      referenceSolution: 'def allow(events, limit, window):\n    return []\n',
    },
  ],
  tests: [
    { name: 'empty', args: [[], 1, 10], expected: [] },
    { name: 'burst', args: [[1, 2, 3], 2, 10], expected: [true, true, false], hidden: true, weight: 2 },
  ],
  rubric: { criteria: [{ name: 'Correctness', description: 'All tests pass' }] },
  ...overrides,
});

async function createAssessment(member: TestMember, overrides: Record<string, unknown> = {}) {
  const reply = await call('POST', '/api/assessments', member.headers(true), draft(overrides));
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.assessment as AssessmentView;
}

async function createSeed(member: TestMember, overrides: Record<string, unknown> = {}) {
  const reply = await call('POST', '/api/seeds', member.headers(true), seedBody(overrides));
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.seed as SeedView;
}

/**
 * A candidate of the assessment who has opened the link and started: the session row and
 * `markAssessmentStarted` in one transaction, as the interview runtime does.
 */
async function startCandidate(organizationId: string, assessmentId: string, startedAt = new Date()) {
  return database.handle.db.transaction(async (tx) => {
    const [candidate] = await tx
      .insert(candidates)
      .values({
        organizationId,
        assessmentId,
        email: `c-${randomBytes(4).toString('hex')}@example.test`,
        name: 'Candidate',
        status: 'IN_PROGRESS',
      })
      .returning();
    if (!candidate) throw new Error('no candidate');
    await tx.insert(interviewSessions).values({
      organizationId,
      candidateId: candidate.id,
      assessmentId,
      language: 'python',
      credentialHash: randomBytes(16).toString('hex'),
      consentAt: startedAt,
      startedAt,
      deadlineAt: new Date(startedAt.getTime() + 60 * 60_000),
    });
    return markAssessmentStarted(tx, assessmentId, startedAt);
  });
}

async function lockedAtOf(assessmentId: string): Promise<Date | null | undefined> {
  const [row] = await database.handle.db
    .select({ lockedAt: assessments.lockedAt })
    .from(assessments)
    .where(eq(assessments.id, assessmentId));
  return row?.lockedAt;
}

async function auditActions(organizationId: string, targetId?: string) {
  const rows = await database.handle.db
    .select()
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.organizationId, organizationId),
        targetId ? eq(auditLogs.targetId, targetId) : undefined,
      ),
    );
  return rows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedQuestionBank(database.handle.db, testLogger);
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  const db = database.handle.db;
  registerAssessmentRoutes(app, {
    db,
    guard: createAuthGuard({ db }),
    onPublished: (assessment) => {
      published.push(assessment);
    },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('assessments', () => {
  it('creates a draft with the defaults, reads it back, and updates it', async () => {
    const owner = await createTestMember(database.handle.db, { role: 'OWNER' });
    const created = await createAssessment(owner, { languages: ['python', 'typescript', 'python'] });
    expect(created).toMatchObject({
      title: 'Backend engineer',
      description: '',
      status: 'draft',
      organizationId: owner.organizationId,
      createdByUserId: owner.userId,
      languages: ['python', 'typescript'],
      aiPolicy: 'pair_programming',
      integrityMonitoring: true,
      locked: false,
      lockedFields: [],
      questionPlan: {
        count: 3,
        source: 'bank',
        adaptive: true,
        topics: [],
        seedIds: [],
        difficultyMix: defaultDifficultyMix.mid,
      },
      publishedAt: null,
    });

    const read = await call('GET', `/api/assessments/${created.id}`, owner.headers());
    expect(read.status).toBe(200);
    expect(read.body.assessment).toEqual(created);

    const updated = await call('PATCH', `/api/assessments/${created.id}`, owner.headers(true), {
      title: 'Backend engineer II',
      aiPolicy: 'consultant',
      questionPlan: { count: 4, topics: ['Graphs', 'graphs', ' arrays '] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.assessment).toMatchObject({
      title: 'Backend engineer II',
      aiPolicy: 'consultant',
      seniority: 'mid',
      questionPlan: { count: 4, topics: ['graphs', 'arrays'], difficultyMix: defaultDifficultyMix.mid },
    });
    const again = await call('GET', `/api/assessments/${created.id}`, owner.headers());
    expect(again.body.assessment?.title).toBe('Backend engineer II');
  });

  it('takes the difficulty mix from the seniority unless one is given, and follows a seniority change', async () => {
    const owner = await createTestMember(database.handle.db);
    for (const seniority of Object.keys(defaultDifficultyMix) as Seniority[]) {
      const created = await createAssessment(owner, { seniority });
      expect(created.questionPlan.difficultyMix).toEqual(defaultDifficultyMix[seniority]);
    }
    const custom = { easy: 0.5, medium: 0.5, hard: 0 };
    const withMix = await createAssessment(owner, {
      seniority: 'staff',
      questionPlan: { difficultyMix: custom },
    });
    expect(withMix.questionPlan.difficultyMix).toEqual(custom);

    const junior = await createAssessment(owner, { seniority: 'junior' });
    const promoted = await call('PATCH', `/api/assessments/${junior.id}`, owner.headers(true), {
      seniority: 'senior',
    });
    expect(promoted.body.assessment?.questionPlan.difficultyMix).toEqual(defaultDifficultyMix.senior);
    // A mix someone chose stays when the seniority changes.
    const kept = await call('PATCH', `/api/assessments/${withMix.id}`, owner.headers(true), {
      seniority: 'junior',
    });
    expect(kept.body.assessment?.questionPlan.difficultyMix).toEqual(custom);
  });

  it('answers 400 naming the fields for invalid bodies and queries', async () => {
    const owner = await createTestMember(database.handle.db);
    const missing = await call('POST', '/api/assessments', owner.headers(true), {
      role: 'wizard',
      seniority: 'mid',
      durationMinutes: 60,
      languages: [],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(missing)).toEqual(expect.arrayContaining(['body.title', 'body.role', 'body.languages']));

    const badPlan = await call(
      'POST',
      '/api/assessments',
      owner.headers(true),
      draft({
        languages: ['cobol'],
        questionPlan: { count: 0, difficultyMix: { easy: 0.5, medium: 0.6, hard: 0 } },
      }),
    );
    expect(badPlan.status).toBe(400);
    expect(fieldsOf(badPlan)).toEqual(
      expect.arrayContaining([
        'body.languages[0]',
        'body.questionPlan.count',
        'body.questionPlan.difficultyMix',
      ]),
    );
    expect(badPlan.body.error?.message).toMatch(/^Invalid request — body\./);

    const seedsWithoutSource = await call(
      'POST',
      '/api/assessments',
      owner.headers(true),
      draft({ questionPlan: { seedIds: [crypto.randomUUID()] } }),
    );
    expect(seedsWithoutSource.status).toBe(400);
    expect(fieldsOf(seedsWithoutSource)).toEqual(['body.questionPlan.seedIds']);

    const created = await createAssessment(owner);
    const shortened = await call('PATCH', `/api/assessments/${created.id}`, owner.headers(true), {
      durationMinutes: 1,
    });
    expect(shortened.status).toBe(400);
    expect(fieldsOf(shortened)).toEqual(['body.durationMinutes']);
    expect((await call('GET', '/api/assessments/not-an-id', owner.headers())).status).toBe(400);
    const badQuery = await call('GET', '/api/assessments?status=deleted&limit=1000', owner.headers());
    expect(fieldsOf(badQuery)).toEqual(expect.arrayContaining(['querystring.status', 'querystring.limit']));
  });

  it('lists only the organization’s assessments, with filters, search and cursor paging', async () => {
    const owner = await createTestMember(database.handle.db);
    const stranger = await createTestMember(database.handle.db);
    await createAssessment(stranger, { title: 'Someone else’s' });
    const titles = ['Alpha backend', 'Beta frontend', 'Gamma data', 'Delta_backend 100%'];
    const made: AssessmentView[] = [];
    for (const title of titles) made.push(await createAssessment(owner, { title }));
    const [, beta] = made;
    if (!beta) throw new Error('no beta');
    await call('POST', `/api/assessments/${beta.id}/publish`, owner.headers(true));

    const all = await call('GET', '/api/assessments', owner.headers());
    expect(all.body.total).toBe(4);
    expect(all.body.assessments?.map((a) => a.title)).toEqual([...titles].reverse());
    expect(all.body.nextCursor).toBeNull();

    const publishedOnly = await call('GET', '/api/assessments?status=published', owner.headers());
    expect(publishedOnly.body.assessments?.map((a) => a.title)).toEqual(['Beta frontend']);
    const search = await call(
      'GET',
      `/api/assessments?search=${encodeURIComponent('BACKEND')}`,
      owner.headers(),
    );
    expect(search.body.assessments?.map((a) => a.title).sort()).toEqual([
      'Alpha backend',
      'Delta_backend 100%',
    ]);
    // LIKE wildcards in the search are literal characters.
    const literal = await call(
      'GET',
      `/api/assessments?search=${encodeURIComponent('_backend 100%')}`,
      owner.headers(),
    );
    expect(literal.body.assessments?.map((a) => a.title)).toEqual(['Delta_backend 100%']);

    const pages: string[] = [];
    let requests = 0;
    let cursor: string | null | undefined;
    do {
      requests += 1;
      const page = await call(
        'GET',
        `/api/assessments?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        owner.headers(),
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(4);
      pages.push(...(page.body.assessments ?? []).map((a) => a.title));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual([...titles].reverse());
    // The last full page says there is no next one.
    expect(requests).toBe(2);
  });

  it('lets RECRUITERs and API keys write, VIEWERs only read; cookie mutations need the CSRF header', async () => {
    const owner = await createTestMember(database.handle.db);
    const { organizationId } = owner;
    const viewer = await createTestMember(database.handle.db, { role: 'VIEWER', organizationId });
    const recruiter = await createTestMember(database.handle.db, { role: 'RECRUITER', organizationId });
    const apiKey = { authorization: await createTestApiKey(database.handle.db, organizationId) };

    const byRecruiter = await createAssessment(recruiter);
    const byKey = await call('POST', '/api/assessments', apiKey, draft({ title: 'From CI' }));
    expect(byKey.status).toBe(201);
    expect(byKey.body.assessment?.createdByUserId).toBeNull();
    expect((await call('POST', `/api/assessments/${byRecruiter.id}/publish`, apiKey)).status).toBe(200);

    expect((await call('GET', `/api/assessments/${byRecruiter.id}`, viewer.headers())).status).toBe(200);
    expect((await call('GET', '/api/assessments', viewer.headers())).body.total).toBe(2);
    const denied = [
      await call('POST', '/api/assessments', viewer.headers(true), draft()),
      await call('PATCH', `/api/assessments/${byRecruiter.id}`, viewer.headers(true), { title: 'x' }),
      await call('POST', `/api/assessments/${byRecruiter.id}/duplicate`, viewer.headers(true)),
      await call('POST', `/api/assessments/${byRecruiter.id}/archive`, viewer.headers(true)),
      await call('POST', '/api/seeds', viewer.headers(true), seedBody()),
    ];
    expect(denied.map((reply) => reply.status)).toEqual([403, 403, 403, 403, 403]);

    const noCsrf = await call('POST', '/api/assessments', owner.headers(false), draft());
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error?.message).toMatch(/x-csrf-token/);
    expect(
      (await call('PATCH', `/api/assessments/${byRecruiter.id}`, owner.headers(false), { title: 'x' }))
        .status,
    ).toBe(403);
    expect((await call('GET', '/api/assessments', {})).status).toBe(401);
    expect((await call('GET', '/api/assessments', owner.headers())).body.total).toBe(2);
  });

  it('answers 404 for another organization’s assessment, on every route, and changes nothing', async () => {
    const owner = await createTestMember(database.handle.db);
    const other = await createTestMember(database.handle.db);
    const otherKey = { authorization: await createTestApiKey(database.handle.db, other.organizationId) };
    const mine = await createAssessment(owner);
    const attempts = [
      await call('GET', `/api/assessments/${mine.id}`, other.headers()),
      await call('GET', `/api/assessments/${mine.id}`, otherKey),
      await call('PATCH', `/api/assessments/${mine.id}`, other.headers(true), { title: 'Stolen' }),
      await call('POST', `/api/assessments/${mine.id}/duplicate`, other.headers(true)),
      await call('POST', `/api/assessments/${mine.id}/publish`, otherKey),
      await call('POST', `/api/assessments/${mine.id}/archive`, other.headers(true)),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(404);
      expect(JSON.stringify(attempt.body)).not.toContain(mine.title);
    }
    expect((await call('GET', '/api/assessments', other.headers())).body.total).toBe(0);
    const unchanged = await call('GET', `/api/assessments/${mine.id}`, owner.headers());
    expect(unchanged.body.assessment).toEqual(mine);
    expect(await auditActions(other.organizationId)).toEqual([]);
  });

  it('duplicates into a draft, publishes once, archives for good', async () => {
    const owner = await createTestMember(database.handle.db);
    const original = await createAssessment(owner, {
      title: 'Data engineer',
      role: 'data',
      seniority: 'senior',
      questionPlan: { count: 2, topics: ['sql'], adaptive: false },
    });
    const before = published.length;
    const first = await call('POST', `/api/assessments/${original.id}/publish`, owner.headers(true));
    expect(first.status).toBe(200);
    expect(first.body.assessment?.status).toBe('published');
    expect(first.body.assessment?.publishedAt).toEqual(expect.any(String));
    const second = await call('POST', `/api/assessments/${original.id}/publish`, owner.headers(true));
    expect(second.status).toBe(200);
    expect(second.body.assessment?.publishedAt).toBe(first.body.assessment?.publishedAt);
    expect(published.slice(before).map((a) => a.id)).toEqual([original.id]);
    expect(published.at(-1)).toMatchObject({
      status: 'published',
      questionPlan: { count: 2, topics: ['sql'] },
    });

    const copy = await call('POST', `/api/assessments/${original.id}/duplicate`, owner.headers(true));
    expect(copy.status).toBe(201);
    expect(copy.body.assessment).toMatchObject({
      title: 'Data engineer (copy)',
      status: 'draft',
      role: 'data',
      seniority: 'senior',
      publishedAt: null,
      questionPlan: original.questionPlan,
    });
    expect(copy.body.assessment?.id).not.toBe(original.id);
    const named = await call('POST', `/api/assessments/${original.id}/duplicate`, owner.headers(true), {
      title: 'Data engineer, 2025',
    });
    expect(named.body.assessment?.title).toBe('Data engineer, 2025');

    const archived = await call('POST', `/api/assessments/${original.id}/archive`, owner.headers(true));
    expect(archived.body.assessment).toMatchObject({ status: 'archived', archivedAt: expect.any(String) });
    expect((await call('POST', `/api/assessments/${original.id}/archive`, owner.headers(true))).status).toBe(
      200,
    );
    const republish = await call('POST', `/api/assessments/${original.id}/publish`, owner.headers(true));
    expect(republish.status).toBe(409);
    const edit = await call('PATCH', `/api/assessments/${original.id}`, owner.headers(true), { title: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.error?.message).toMatch(/archived/);
    // An archived assessment can still be copied.
    expect(
      (await call('POST', `/api/assessments/${original.id}/duplicate`, owner.headers(true))).status,
    ).toBe(201);
    expect(published.length).toBe(before + 1);

    // A draft can be archived straight away.
    const scrapped = await createAssessment(owner);
    const scrappedReply = await call('POST', `/api/assessments/${scrapped.id}/archive`, owner.headers(true));
    expect(scrappedReply.body.assessment?.status).toBe('archived');
  });

  it('refuses to publish a plan the bank cannot serve, and does not call onPublished', async () => {
    const owner = await createTestMember(database.handle.db);
    // 20 hard questions per language: the bank has fewer.
    const greedy = await createAssessment(owner, {
      seniority: 'principal',
      questionPlan: { count: 20, difficultyMix: { easy: 0, medium: 0, hard: 1 } },
    });
    const before = published.length;
    const reply = await call('POST', `/api/assessments/${greedy.id}/publish`, owner.headers(true));
    expect(reply.status).toBe(400);
    expect(reply.body.error?.message).toMatch(/cannot be published yet.*hard python/);
    expect(fieldsOf(reply)).toContain('questionPlan.difficultyMix');
    expect(published.length).toBe(before);
    const still = await call('GET', `/api/assessments/${greedy.id}`, owner.headers());
    expect(still.body.assessment?.status).toBe('draft');

    const generated = await createAssessment(owner, {
      questionPlan: { count: 20, source: 'generated', difficultyMix: { easy: 0, medium: 0, hard: 1 } },
    });
    expect((await call('POST', `/api/assessments/${generated.id}/publish`, owner.headers(true))).status).toBe(
      200,
    );
    expect(published.length).toBe(before + 1);
  });

  it('locks role, seniority, languages and plan once a candidate has started; the duration may only grow', async () => {
    const owner = await createTestMember(database.handle.db);
    const assessment = await createAssessment(owner, { durationMinutes: 60 });
    await call('POST', `/api/assessments/${assessment.id}/publish`, owner.headers(true));
    // Before anyone starts, a published assessment can still change its plan.
    const early = await call('PATCH', `/api/assessments/${assessment.id}`, owner.headers(true), {
      questionPlan: { count: 4 },
    });
    expect(early.status).toBe(200);
    expect(early.body.assessment).toMatchObject({ locked: false, lockedFields: [] });
    expect(await lockedAtOf(assessment.id)).toBeNull();
    const firstStart = new Date(Date.now() - 60_000);
    expect(await startCandidate(owner.organizationId, assessment.id, firstStart)).toBe(true);
    // locked_at records the first start; a later candidate starting keeps it.
    expect(await startCandidate(owner.organizationId, assessment.id)).toBe(false);
    expect(await lockedAtOf(assessment.id)).toEqual(firstStart);

    const locked = await call('GET', `/api/assessments/${assessment.id}`, owner.headers());
    expect(locked.body.assessment).toMatchObject({
      locked: true,
      lockedFields: ['role', 'seniority', 'languages', 'questionPlan'],
    });
    const role = await call('PATCH', `/api/assessments/${assessment.id}`, owner.headers(true), {
      role: 'frontend',
    });
    expect(role.status).toBe(409);
    expect(role.body.error?.message).toMatch(/role can no longer change/);
    expect(fieldsOf(role)).toEqual(['body.role']);

    const several = await call('PATCH', `/api/assessments/${assessment.id}`, owner.headers(true), {
      seniority: 'staff',
      languages: ['javascript'],
      questionPlan: { count: 5 },
    });
    expect(several.status).toBe(409);
    expect(several.body.error?.message).toMatch(/seniority, languages, questionPlan can no longer change/);

    const shorter = await call('PATCH', `/api/assessments/${assessment.id}`, owner.headers(true), {
      durationMinutes: 45,
    });
    expect(shorter.status).toBe(409);
    expect(shorter.body.error?.message).toMatch(/duration can only grow \(it is 60 minutes\)/);

    // Same values (a form sent back whole), a longer duration and unlocked fields are fine.
    const fine = await call('PATCH', `/api/assessments/${assessment.id}`, owner.headers(true), {
      role: 'backend',
      languages: ['typescript', 'python'],
      durationMinutes: 90,
      title: 'Extended',
      integrityMonitoring: false,
    });
    expect(fine.status).toBe(200);
    expect(fine.body.assessment).toMatchObject({
      durationMinutes: 90,
      title: 'Extended',
      integrityMonitoring: false,
      questionPlan: { count: 4 },
    });
    const after = await call('GET', `/api/assessments/${assessment.id}`, owner.headers());
    expect(after.body.assessment).toMatchObject({ role: 'backend', seniority: 'mid', durationMinutes: 90 });
  });

  it('writes an audit entry for every mutation, with the actor', async () => {
    const owner = await createTestMember(database.handle.db);
    const apiKey = { authorization: await createTestApiKey(database.handle.db, owner.organizationId) };
    const assessment = await createAssessment(owner);
    await call('PATCH', `/api/assessments/${assessment.id}`, owner.headers(true), {
      title: 'Renamed',
      seniority: 'staff',
    });
    // A PATCH that changes nothing writes nothing.
    await call('PATCH', `/api/assessments/${assessment.id}`, owner.headers(true), { title: 'Renamed' });
    await call('POST', `/api/assessments/${assessment.id}/publish`, apiKey);
    const copy = await call('POST', `/api/assessments/${assessment.id}/duplicate`, owner.headers(true));
    await call('POST', `/api/assessments/${assessment.id}/archive`, owner.headers(true));

    const entries = await auditActions(owner.organizationId, assessment.id);
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      'assessment.archived',
      'assessment.created',
      'assessment.published',
      'assessment.updated',
    ]);
    const byAction = Object.fromEntries(entries.map((entry) => [entry.action, entry]));
    expect(byAction['assessment.created']).toMatchObject({
      actorKind: 'user',
      actorUserId: owner.userId,
      targetType: 'assessment',
      ip: '127.0.0.1',
    });
    expect(byAction['assessment.updated']?.data).toEqual({ changed: ['title', 'seniority', 'questionPlan'] });
    expect(byAction['assessment.published']).toMatchObject({ actorKind: 'api_key', actorUserId: null });
    expect(byAction['assessment.archived']?.data).toEqual({ previousStatus: 'published' });
    const copied = await auditActions(owner.organizationId, copy.body.assessment?.id);
    expect(copied).toMatchObject([{ action: 'assessment.duplicated', data: { sourceId: assessment.id } }]);
  });

  it('documents the routes in the OpenAPI description', async () => {
    const response = await fetch(`${base}/docs/json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/assessments',
        '/api/assessments/{id}',
        '/api/assessments/{id}/publish',
        '/api/seeds',
        '/api/seeds/{id}/archive',
      ]),
    );
  });
});

describe('problem seeds', () => {
  it('creates, reads, lists, updates and archives a seed, inside the organization only', async () => {
    const owner = await createTestMember(database.handle.db);
    const viewer = await createTestMember(database.handle.db, {
      role: 'VIEWER',
      organizationId: owner.organizationId,
    });
    const other = await createTestMember(database.handle.db);
    const seed = await createSeed(owner);
    expect(seed).toMatchObject({
      title: 'Rate limiter',
      difficulty: 'medium',
      topics: ['sliding window', 'queues'],
      languages: ['python', 'typescript'],
      usedBy: 0,
      archivedAt: null,
      createdByUserId: owner.userId,
      rubric: { criteria: [{ name: 'Correctness' }] },
    });
    expect(seed.tests).toEqual([
      { name: 'empty', args: [[], 1, 10], expected: [], hidden: false },
      { name: 'burst', args: [[1, 2, 3], 2, 10], expected: [true, true, false], hidden: true, weight: 2 },
    ]);
    expect((await call('GET', `/api/seeds/${seed.id}`, viewer.headers())).body.seed).toEqual(seed);
    expect((await call('GET', `/api/seeds/${seed.id}`, other.headers())).status).toBe(404);
    expect((await call('PATCH', `/api/seeds/${seed.id}`, other.headers(true), { title: 'x' })).status).toBe(
      404,
    );
    expect((await call('POST', `/api/seeds/${seed.id}/archive`, other.headers(true))).status).toBe(404);
    expect((await call('PATCH', `/api/seeds/${seed.id}`, viewer.headers(true), { title: 'x' })).status).toBe(
      403,
    );

    const updated = await call('PATCH', `/api/seeds/${seed.id}`, owner.headers(true), {
      difficulty: 'hard',
      rubric: null,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.seed).toMatchObject({ difficulty: 'hard', rubric: null, title: 'Rate limiter' });

    const easy = await createSeed(owner, {
      title: 'Two sum variant',
      difficulty: 'easy',
      languages: ['javascript'],
      starters: [],
    });
    const list = await call('GET', '/api/seeds', owner.headers());
    expect(list.body.seeds?.map((s) => s.title)).toEqual(['Two sum variant', 'Rate limiter']);
    const filtered = await call('GET', '/api/seeds?language=javascript', owner.headers());
    expect(filtered.body.seeds?.map((s) => s.id)).toEqual([easy.id]);
    expect((await call('GET', '/api/seeds?difficulty=hard&search=rate', owner.headers())).body.total).toBe(1);
    expect((await call('GET', '/api/seeds', other.headers())).body.total).toBe(0);

    const archived = await call('POST', `/api/seeds/${easy.id}/archive`, owner.headers(true));
    expect(archived.body.seed?.archivedAt).toEqual(expect.any(String));
    expect((await call('GET', '/api/seeds', owner.headers())).body.seeds?.map((s) => s.id)).toEqual([
      seed.id,
    ]);
    expect((await call('GET', '/api/seeds?includeArchived=true', owner.headers())).body.total).toBe(2);
    expect((await call('PATCH', `/api/seeds/${easy.id}`, owner.headers(true), { title: 'x' })).status).toBe(
      409,
    );

    const actions = (await auditActions(owner.organizationId)).map((entry) => entry.action).sort();
    expect(actions).toEqual(['seed.archived', 'seed.created', 'seed.created', 'seed.updated']);
  });

  it('validates seeds, with the field of each problem', async () => {
    const owner = await createTestMember(database.handle.db);
    const bad = await call(
      'POST',
      '/api/seeds',
      owner.headers(true),
      seedBody({
        difficulty: 'extreme',
        languages: ['python'],
        tests: [
          { name: 'a', args: [1], expected: 1 },
          { name: 'a', args: [2] },
        ],
      }),
    );
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['body.difficulty', 'body.tests[1].expected']));

    const crossField = await call(
      'POST',
      '/api/seeds',
      owner.headers(true),
      seedBody({
        languages: ['javascript'],
        tests: [
          { name: 'a', args: [1], expected: 1 },
          { name: 'a', args: [2], expected: null },
        ],
      }),
    );
    expect(crossField.status).toBe(400);
    expect(fieldsOf(crossField)).toEqual(['body.starters[0].language', 'body.tests[1].name']);

    const seed = await createSeed(owner);
    // Dropping python from the languages would orphan its starter.
    const patch = await call('PATCH', `/api/seeds/${seed.id}`, owner.headers(true), {
      languages: ['typescript'],
    });
    expect(patch.status).toBe(400);
    expect(fieldsOf(patch)).toEqual(['body.starters[0].language']);
    const traversal = await call(
      'POST',
      '/api/seeds',
      owner.headers(true),
      seedBody({
        starters: [{ language: 'python', entryPoint: 'f', files: [{ path: '../etc/passwd', content: '' }] }],
      }),
    );
    expect(fieldsOf(traversal)).toEqual(['body.starters[0].files[0].path']);
  });

  it('plans assessments from seeds: only live seeds of the organization, enough of them, in every language', async () => {
    const owner = await createTestMember(database.handle.db);
    const other = await createTestMember(database.handle.db);
    const pythonOnly = await createSeed(owner, { languages: ['python'] });
    const both = await createSeed(owner, { title: 'Second' });
    const foreign = await createSeed(other);

    const stolen = await call(
      'POST',
      '/api/assessments',
      owner.headers(true),
      draft({ questionPlan: { source: 'seed', seedIds: [foreign.id] } }),
    );
    expect(stolen.status).toBe(400);
    expect(fieldsOf(stolen)).toEqual(['body.questionPlan.seedIds']);

    const assessment = await createAssessment(owner, {
      languages: ['python', 'typescript'],
      questionPlan: { source: 'seed', count: 3, seedIds: [pythonOnly.id] },
    });
    expect(assessment.questionPlan.seedIds).toEqual([pythonOnly.id]);
    expect((await call('GET', `/api/seeds/${pythonOnly.id}`, owner.headers())).body.seed?.usedBy).toBe(1);

    const refused = await call('POST', `/api/assessments/${assessment.id}/publish`, owner.headers(true));
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/3 questions need 3 problem seeds/);
    expect(refused.body.error?.message).toMatch(/no chosen problem seed is offered in typescript/);

    const fixed = await call('PATCH', `/api/assessments/${assessment.id}`, owner.headers(true), {
      questionPlan: { count: 2, seedIds: [both.id, pythonOnly.id] },
    });
    expect(fixed.body.assessment?.questionPlan.seedIds).toEqual([both.id, pythonOnly.id]);
    expect(
      (await call('POST', `/api/assessments/${assessment.id}/publish`, owner.headers(true))).status,
    ).toBe(200);

    // A seed that a published assessment draws from stays; archiving the assessment frees it.
    const blocked = await call('POST', `/api/seeds/${both.id}/archive`, owner.headers(true));
    expect(blocked.status).toBe(409);
    expect(blocked.body.error?.message).toContain(assessment.title);
    await call('POST', `/api/assessments/${assessment.id}/archive`, owner.headers(true));
    expect((await call('POST', `/api/seeds/${both.id}/archive`, owner.headers(true))).status).toBe(200);

    // Archived seeds cannot be planned, and a copy that still names one cannot be published.
    const withArchived = await call(
      'POST',
      '/api/assessments',
      owner.headers(true),
      draft({ questionPlan: { source: 'seed', seedIds: [both.id] } }),
    );
    expect(withArchived.status).toBe(400);
    const copy = await call('POST', `/api/assessments/${assessment.id}/duplicate`, owner.headers(true));
    const copyPublish = await call(
      'POST',
      `/api/assessments/${copy.body.assessment?.id}/publish`,
      owner.headers(true),
    );
    expect(copyPublish.status).toBe(400);
    expect(copyPublish.body.error?.message).toContain(`archived or do not exist: ${both.id}`);

    // Switching the source away from seeds drops the seed list.
    const toBank = await call('PATCH', `/api/assessments/${copy.body.assessment?.id}`, owner.headers(true), {
      questionPlan: { source: 'bank' },
    });
    expect(toBank.body.assessment?.questionPlan).toMatchObject({ source: 'bank', seedIds: [] });
  });
});
