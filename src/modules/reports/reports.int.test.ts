/**
 * Reports over HTTP on PostgreSQL: the JSON report before and after an evaluation exists, the HTML
 * and PDF exports, organization isolation, permissions, and share links (anonymous read without
 * the email, access counting, expiry, revocation). Evaluation rows are written directly: the
 * evaluation agent is another module's job.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey, createTestMember, type TestMember } from '../../../test/support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { createTestSession, type TestSession } from '../../../test/support/sessions.ts';
import type { Database } from '../../platform/db/client.ts';
import {
  auditLogs,
  candidateStatusHistory,
  candidates,
  evaluations,
  interviewSessions,
  type NewEvaluation,
  reportShareLinks,
  sessionQuestions,
  testResults,
  testRuns,
} from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { registerWebApp } from '../../platform/http/web-app.ts';
import { createAuthGuard } from '../accounts/index.ts';
import { pdfPageTexts } from './pdf-text.ts';
import { REPORT_HTML_CSP, registerReportRoutes } from './reports.routes.ts';

const APP_URL = 'http://app.test';
let webDist: string;
const HOUR = 3_600_000;

let database: TestDatabase;
let db: Database;
let app: HttpServer;
/** The clock of the report routes (share expiry); moved forward by tests. */
let clock = new Date();

interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  raw: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
  body: any;
}

async function call(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  const response = await app.inject({
    method,
    url,
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  });
  const raw = response.rawPayload;
  const json = String(response.headers['content-type'] ?? '').startsWith('application/json');
  return {
    status: response.statusCode,
    headers: response.headers,
    raw,
    body: json && raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined,
  };
}

/** An OWNER and a running interview session of a new organization, with one status move by the owner. */
async function setup(): Promise<{ owner: TestMember; session: TestSession; email: string }> {
  const session = await createTestSession(db);
  const owner = await createTestMember(db, { role: 'OWNER', organizationId: session.organizationId });
  await db.insert(candidateStatusHistory).values([
    {
      candidateId: session.candidateId,
      fromStatus: null,
      toStatus: 'INVITED',
      actorKind: 'user',
      actorUserId: owner.userId,
      at: new Date(Date.now() - 2 * HOUR),
    },
    {
      candidateId: session.candidateId,
      fromStatus: 'INVITED',
      toStatus: 'IN_PROGRESS',
      actorKind: 'candidate',
      reason: 'started',
      at: new Date(Date.now() - HOUR),
    },
  ]);
  const [candidate] = await db
    .select({ email: candidates.email })
    .from(candidates)
    .where(eq(candidates.id, session.candidateId));
  return { owner, session, email: candidate?.email ?? '' };
}

/** Completes the session: the first question submitted with a hidden run of two tests (one failing). */
async function completeSession(session: TestSession): Promise<string> {
  const at = new Date();
  const [run] = await db
    .insert(testRuns)
    .values({
      organizationId: session.organizationId,
      sessionId: session.sessionId,
      questionId: session.questionId,
      language: 'python',
      kind: 'hidden',
      status: 'ok',
      origin: 'system',
      passed: 1,
      failed: 1,
      total: 2,
      durationMs: 140,
    })
    .returning({ id: testRuns.id });
  if (!run) throw new Error('no run');
  await db.insert(testResults).values([
    { runId: run.id, testName: 'hidden_small', passed: true, durationMs: 4, hidden: true, position: 0 },
    {
      runId: run.id,
      testName: 'hidden_large',
      passed: false,
      error: 'AssertionError: expected 42, got 41',
      durationMs: 75,
      hidden: true,
      position: 1,
    },
  ]);
  await db
    .update(sessionQuestions)
    .set({ submittedAt: at, score: 0.5, hiddenRunId: run.id })
    .where(eq(sessionQuestions.sessionId, session.sessionId));
  await db
    .update(interviewSessions)
    .set({ status: 'completed', completedAt: at })
    .where(eq(interviewSessions.id, session.sessionId));
  await db.update(candidates).set({ status: 'COMPLETED' }).where(eq(candidates.id, session.candidateId));
  return run.id;
}

/** A completed evaluation row of the session (overall 87). */
function completedEvaluation(session: TestSession, runId: string, overrides: Partial<NewEvaluation> = {}) {
  return {
    organizationId: session.organizationId,
    sessionId: session.sessionId,
    candidateId: session.candidateId,
    scoringVersion: 'v1',
    status: 'completed' as const,
    overall: 87,
    confidence: 0.82,
    recommendation: 'strong_hire' as const,
    weights: { codeQuality: 0.4, problemSolving: 0.25, aiCollaboration: 0.2, communication: 0.15 },
    dimensions: [
      {
        name: 'code_quality',
        score: 91,
        weight: 0.4,
        confidence: 0.9,
        evidence: [
          { kind: 'hidden_tests', summary: '1 of 2 hidden tests passed', runId },
          {
            kind: 'code_clarity',
            summary: 'small functions',
            filePath: 'solution.py',
            lines: [3, 9] as [number, number],
          },
          { kind: 'prompt', summary: 'asked a precise question', eventSeq: 12 },
        ],
      },
      {
        name: 'communication',
        score: 64,
        weight: 0.15,
        confidence: 0.5,
        evidence: [{ kind: 'naming', summary: 'descriptive names', eventSeq: 3 }],
      },
    ],
    integrity: {
      riskLevel: 'low' as const,
      signals: [{ kind: 'focus_lost', severity: 'low' as const, summary: 'left the tab twice', eventSeq: 7 }],
    },
    ability: { theta: 1.234, standardError: 0.456 },
    llm: { provider: 'offline', model: 'offline', tokens: 0, costUsd: 0 },
    details: { summary: 'Strong, well-tested solution.', recommendationReasons: ['all dimensions above 60'] },
    completedAt: new Date(),
    ...overrides,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 100_000,
    version: 'test',
  });
  registerReportRoutes(app, { db, guard: createAuthGuard({ db }), appUrl: APP_URL, now: () => clock });
  // The web app (a stand-in build), so a share link can be opened as a browser would.
  webDist = await mkdtemp(path.join(tmpdir(), 'ilm-reports-web-'));
  await writeFile(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
  await registerWebApp(app, { distDir: webDist });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
  if (webDist) await rm(webDist, { recursive: true, force: true });
});

describe('the report', () => {
  it('shows the interview in progress without scores, then the latest completed evaluation with everything', async () => {
    const { owner, session, email } = await setup();
    const before = await call('GET', `/api/candidates/${session.candidateId}/report`, {
      headers: owner.headers(),
    });
    expect(before.status).toBe(200);
    expect(before.headers['cache-control']).toBe('no-store');
    expect(before.body.report).toMatchObject({
      status: 'in_progress',
      evaluation: null,
      candidate: { id: session.candidateId, email, name: 'Test Candidate', status: 'IN_PROGRESS' },
      assessment: {
        id: session.assessmentId,
        role: 'backend',
        seniority: 'mid',
        aiPolicy: 'pair_programming',
      },
      session: { id: session.sessionId, status: 'active', completedAt: null },
    });
    expect(before.body.report.statusMessage).toMatch(/in progress/);
    expect(before.body.report.candidate.history).toEqual([
      expect.objectContaining({ from: null, to: 'INVITED', actor: { kind: 'user', name: 'Test Member' } }),
      expect.objectContaining({
        from: 'INVITED',
        to: 'IN_PROGRESS',
        reason: 'started',
        actor: { kind: 'candidate', name: null },
      }),
    ]);
    expect(before.body.report.session.questions).toEqual([
      expect.objectContaining({
        position: 0,
        questionId: session.questionId,
        title: session.question.title,
        score: null,
        hiddenRun: null,
      }),
    ]);

    const runId = await completeSession(session);
    const evaluating = await call('GET', `/api/candidates/${session.candidateId}/report`, {
      headers: owner.headers(),
    });
    expect(evaluating.body.report.status).toBe('evaluating');
    expect(evaluating.body.report.evaluation).toBeNull();
    expect(evaluating.body.report.session.questions[0]).toMatchObject({
      score: 0.5,
      autoSubmitted: false,
      hiddenRun: {
        runId,
        status: 'ok',
        passed: 1,
        total: 2,
        tests: [
          { testName: 'hidden_small', passed: true, hidden: true, durationMs: 4, error: null },
          { testName: 'hidden_large', passed: false, error: 'AssertionError: expected 42, got 41' },
        ],
      },
    });

    // A failed run of the evaluation says so, still without scores.
    await db.insert(evaluations).values({
      organizationId: session.organizationId,
      sessionId: session.sessionId,
      candidateId: session.candidateId,
      scoringVersion: 'v0',
      status: 'failed',
      weights: { codeQuality: 0.4, problemSolving: 0.25, aiCollaboration: 0.2, communication: 0.15 },
      error: 'provider down',
    });
    const failed = await call('GET', `/api/candidates/${session.candidateId}/report`, {
      headers: owner.headers(),
    });
    expect(failed.body.report.status).toBe('failed');
    expect(failed.body.report.evaluation).toBeNull();
    expect(JSON.stringify(failed.body)).not.toContain('provider down');

    await db.insert(evaluations).values(completedEvaluation(session, runId));
    const after = await call('GET', `/api/candidates/${session.candidateId}/report`, {
      headers: owner.headers(),
    });
    expect(after.status).toBe(200);
    const { report } = after.body;
    expect(report.status).toBe('evaluated');
    expect(report.session.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(report.evaluation).toMatchObject({
      scoringVersion: 'v1',
      overall: 87,
      confidence: 0.82,
      recommendation: 'strong_hire',
      integrity: { riskLevel: 'low', signals: [{ kind: 'focus_lost', severity: 'low', eventSeq: 7 }] },
      ability: { theta: 1.234, standardError: 0.456 },
      llm: { provider: 'offline', tokens: 0 },
      details: { summary: 'Strong, well-tested solution.' },
    });
    expect(report.evaluation.dimensions[0]).toEqual({
      name: 'code_quality',
      score: 91,
      weight: 0.4,
      confidence: 0.9,
      evidence: [
        { kind: 'hidden_tests', summary: '1 of 2 hidden tests passed', runId },
        { kind: 'code_clarity', summary: 'small functions', filePath: 'solution.py', lines: [3, 9] },
        { kind: 'prompt', summary: 'asked a precise question', eventSeq: 12 },
      ],
    });
    expect(Date.parse(report.evaluation.completedAt)).not.toBeNaN();
  });

  it('says not_started for a candidate who has not opened the link', async () => {
    const { owner, session } = await setup();
    const [other] = await db
      .insert(candidates)
      .values({
        organizationId: session.organizationId,
        assessmentId: session.assessmentId,
        email: `later-${session.candidateId.slice(0, 8)}@example.test`,
        name: 'Later',
      })
      .returning({ id: candidates.id });
    const reply = await call('GET', `/api/candidates/${other?.id}/report`, { headers: owner.headers() });
    expect(reply.status).toBe(200);
    expect(reply.body.report).toMatchObject({ status: 'not_started', session: null, evaluation: null });
  });

  it('renders HTML (inline, strict CSP, escaped) and a PDF that parses and shows the overall score', async () => {
    const { owner, session } = await setup();
    await db
      .update(candidates)
      .set({ name: '<script>alert(1)</script>' })
      .where(eq(candidates.id, session.candidateId));
    const runId = await completeSession(session);
    await db.insert(evaluations).values(completedEvaluation(session, runId));

    const page = await call('GET', `/api/candidates/${session.candidateId}/report/html`, {
      headers: owner.headers(),
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(REPORT_HTML_CSP);
    expect(String(page.headers['content-disposition'])).toMatch(
      /^inline; filename="report-script-alert-1-script\.html"$/,
    );
    const html = page.raw.toString('utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('87<span class="muted">/100</span>');
    expect(html).toContain('solution.py lines 3–9');
    expect(html).toContain('hidden_large');

    const pdf = await call('GET', `/api/candidates/${session.candidateId}/report/pdf`, {
      headers: owner.headers(),
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      'attachment; filename="report-script-alert-1-script.pdf"',
    );
    const doc = await PDFDocument.load(pdf.raw);
    expect(doc.getPageCount()).toBe(1);
    const text = (await pdfPageTexts(pdf.raw)).join('\n');
    expect(text).toContain('Overall score: 87/100');
    expect(text).toContain('Recommendation: Strong hire');
    expect(text).toContain('Code quality: 91/100');
    expect(text).toContain('theta = 1.23 ± 0.46');
    expect(text).toContain('FAIL hidden_large (hidden)');
  });

  it('is a 404 for a candidate of another organization, on every route', async () => {
    const { session } = await setup();
    const stranger = await createTestMember(db, { role: 'OWNER' });
    const id = session.candidateId;
    for (const suffix of ['', '/html', '/pdf', '/shares']) {
      expect(
        (await call('GET', `/api/candidates/${id}/report${suffix}`, { headers: stranger.headers() })).status,
      ).toBe(404);
    }
    expect(
      (
        await call('POST', `/api/candidates/${id}/report/share`, {
          headers: stranger.headers(true),
          body: {},
        })
      ).status,
    ).toBe(404);
  });

  it('needs a signed-in member: 401 anonymous, 400 for an id that is not a UUID', async () => {
    const { owner, session } = await setup();
    expect((await call('GET', `/api/candidates/${session.candidateId}/report`)).status).toBe(401);
    expect(
      (await call('GET', '/api/candidates/not-a-uuid/report', { headers: owner.headers() })).status,
    ).toBe(400);
  });
});

describe('share links', () => {
  it('lets a VIEWER read the report and the links, but not create or revoke one', async () => {
    const { owner, session } = await setup();
    const viewer = await createTestMember(db, { role: 'VIEWER', organizationId: session.organizationId });
    const base = `/api/candidates/${session.candidateId}/report`;
    expect((await call('GET', base, { headers: viewer.headers() })).status).toBe(200);
    expect((await call('POST', `${base}/share`, { headers: viewer.headers(true), body: {} })).status).toBe(
      403,
    );
    const created = await call('POST', `${base}/share`, { headers: owner.headers(true), body: {} });
    expect(created.status).toBe(201);
    expect((await call('GET', `${base}/shares`, { headers: viewer.headers() })).status).toBe(200);
    expect(
      (await call('DELETE', `${base}/shares/${created.body.id}`, { headers: viewer.headers(true) })).status,
    ).toBe(403);
  });

  it('creates a link whose token is stored hashed, readable anonymously as JSON, HTML and PDF without the email', async () => {
    const { owner, session, email } = await setup();
    const runId = await completeSession(session);
    await db.insert(evaluations).values(completedEvaluation(session, runId));
    clock = new Date();
    const created = await call('POST', `/api/candidates/${session.candidateId}/report/share`, {
      headers: owner.headers(true),
      body: { expiresInHours: 2 },
    });
    expect(created.status).toBe(201);
    const { id, url, token, expiresAt } = created.body;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`${APP_URL}/reports/shared/${token}`);
    // A browser opening the link gets the web app's read-only page (not JSON), which then reads the
    // API below with the token; the token in the address is never sent on as a referrer.
    const opened = await call('GET', new URL(url).pathname, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(opened.status).toBe(200);
    expect(opened.headers['content-type']).toMatch(/text\/html/);
    expect(opened.raw.toString('utf8')).toContain('id="root"');
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    expect(Date.parse(expiresAt)).toBe(clock.getTime() + 2 * HOUR);
    const [stored] = await db.select().from(reportShareLinks).where(eq(reportShareLinks.id, id));
    expect(stored?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);
    const [audited] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'report.share_created'), eq(auditLogs.targetId, session.candidateId)));
    expect(audited?.actorUserId).toBe(owner.userId);

    const shared = await call('GET', `/api/reports/shared/${token}`);
    expect(shared.status).toBe(200);
    expect(shared.headers['cache-control']).toBe('no-store');
    expect(shared.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(shared.body.report.candidate).not.toHaveProperty('email');
    expect(shared.body.report.candidate.name).toBe('Test Candidate');
    expect(shared.body.report.evaluation.overall).toBe(87);
    expect(shared.body.share.expiresAt).toBe(expiresAt);
    expect(shared.raw.toString('utf8')).not.toContain(email);

    const page = await call('GET', `/api/reports/shared/${token}/html`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(REPORT_HTML_CSP);
    expect(page.raw.toString('utf8')).toContain('Test Candidate');
    expect(page.raw.toString('utf8')).not.toContain(email);

    const pdf = await call('GET', `/api/reports/shared/${token}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfPageTexts(pdf.raw)).join('\n');
    expect(text).toContain('Overall score: 87/100');
    expect(text).not.toContain(email);

    const listed = await call('GET', `/api/candidates/${session.candidateId}/report/shares`, {
      headers: owner.headers(),
    });
    expect(listed.status).toBe(200);
    expect(listed.body.shares).toEqual([
      {
        id,
        state: 'active',
        createdAt: clock.toISOString(),
        expiresAt,
        revokedAt: null,
        lastAccessedAt: clock.toISOString(),
        accessCount: 3,
        createdBy: { userId: owner.userId, name: 'Test Member' },
      },
    ]);
    expect(listed.raw.toString('utf8')).not.toContain(token);
    expect(listed.raw.toString('utf8')).not.toContain(stored?.tokenHash ?? '-');
  });

  it('defaults to one week, refuses lifetimes outside 1..720 hours, and works for an API key', async () => {
    const { owner, session } = await setup();
    clock = new Date();
    const path = `/api/candidates/${session.candidateId}/report/share`;
    const plain = await call('POST', path, { headers: owner.headers(true) });
    expect(plain.status).toBe(201);
    expect(Date.parse(plain.body.expiresAt)).toBe(clock.getTime() + 168 * HOUR);
    for (const expiresInHours of [0, 721, 1.5]) {
      const refused = await call('POST', path, { headers: owner.headers(true), body: { expiresInHours } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields[0].path).toBe('body.expiresInHours');
    }
    const apiKey = await createTestApiKey(db, session.organizationId);
    const byKey = await call('POST', path, {
      headers: { authorization: apiKey },
      body: { expiresInHours: 720 },
    });
    expect(byKey.status).toBe(201);
    expect(Date.parse(byKey.body.expiresAt)).toBe(clock.getTime() + 720 * HOUR);
  });

  it('answers 404 for an unknown token and 410 once the link expired, without counting the refused read', async () => {
    const { owner, session } = await setup();
    clock = new Date();
    const created = await call('POST', `/api/candidates/${session.candidateId}/report/share`, {
      headers: owner.headers(true),
      body: { expiresInHours: 1 },
    });
    const { token, id } = created.body;
    expect((await call('GET', '/api/reports/shared/unknown-token')).status).toBe(404);
    expect((await call('GET', `/api/reports/shared/${token.slice(0, -1)}x/pdf`)).status).toBe(404);
    expect((await call('GET', `/api/reports/shared/${token}`)).status).toBe(200);

    clock = new Date(clock.getTime() + HOUR + 1);
    for (const suffix of ['', '/html', '/pdf']) {
      const gone = await call('GET', `/api/reports/shared/${token}${suffix}`);
      expect(gone.status).toBe(410);
      expect(gone.body.error.message).toMatch(/expired/);
    }
    const [row] = await db.select().from(reportShareLinks).where(eq(reportShareLinks.id, id));
    expect(row?.accessCount).toBe(1);
    const listed = await call('GET', `/api/candidates/${session.candidateId}/report/shares`, {
      headers: owner.headers(),
    });
    expect(listed.body.shares[0].state).toBe('expired');
    clock = new Date();
  });

  it('revokes a link at once (410 after), idempotently, and only within its candidate and organization', async () => {
    const { owner, session } = await setup();
    clock = new Date();
    const path = `/api/candidates/${session.candidateId}/report`;
    const created = await call('POST', `${path}/share`, { headers: owner.headers(true), body: {} });
    const kept = await call('POST', `${path}/share`, { headers: owner.headers(true), body: {} });
    const { token, id } = created.body;
    expect((await call('GET', `/api/reports/shared/${token}/html`)).status).toBe(200);

    // Another organization, or another candidate of the same one, cannot reach this link.
    const stranger = await createTestMember(db, { role: 'OWNER' });
    expect((await call('DELETE', `${path}/shares/${id}`, { headers: stranger.headers(true) })).status).toBe(
      404,
    );
    const other = await setup();
    const sameOrgOwner = await createTestMember(db, {
      role: 'OWNER',
      organizationId: other.session.organizationId,
    });
    expect(
      (
        await call('DELETE', `/api/candidates/${other.session.candidateId}/report/shares/${id}`, {
          headers: sameOrgOwner.headers(true),
        })
      ).status,
    ).toBe(404);
    expect((await call('GET', `/api/reports/shared/${token}`)).status).toBe(200);

    const revoked = await call('DELETE', `${path}/shares/${id}`, { headers: owner.headers(true) });
    expect(revoked.status).toBe(200);
    expect(revoked.body.share).toMatchObject({
      id,
      state: 'revoked',
      revokedAt: clock.toISOString(),
      accessCount: 2,
    });
    for (const suffix of ['', '/html', '/pdf']) {
      const gone = await call('GET', `/api/reports/shared/${token}${suffix}`);
      expect(gone.status).toBe(410);
      expect(gone.body.error.message).toMatch(/revoked/);
    }
    const firstRevocation = clock.toISOString();
    clock = new Date(clock.getTime() + 60_000);
    const again = await call('DELETE', `${path}/shares/${id}`, { headers: owner.headers(true) });
    expect(again.status).toBe(200);
    expect(again.body.share.revokedAt).toBe(firstRevocation);
    expect((await call('GET', `/api/reports/shared/${kept.body.token}`)).status).toBe(200);
    const audits = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'report.share_revoked'), eq(auditLogs.targetId, session.candidateId)));
    expect(audits).toHaveLength(1);
    clock = new Date();
  });
});

describe('API documentation', () => {
  it('documents the report routes in OpenAPI', async () => {
    const docs = await call('GET', '/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/candidates/{id}/report',
        '/api/candidates/{id}/report/html',
        '/api/candidates/{id}/report/pdf',
        '/api/candidates/{id}/report/share',
        '/api/candidates/{id}/report/shares',
        '/api/candidates/{id}/report/shares/{shareId}',
        '/api/reports/shared/{token}',
        '/api/reports/shared/{token}/html',
        '/api/reports/shared/{token}/pdf',
      ]),
    );
    const report =
      docs.body.paths['/api/candidates/{id}/report'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(report)).toContain('standardError');
  });
});
