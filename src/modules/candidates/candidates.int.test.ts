/**
 * Candidates and invitations over real HTTP, on PostgreSQL and Redis: inviting one, many and by
 * CSV, the credit each costs (402 without), hashed expiring tokens, resend and fresh links,
 * revocation with its refund, the pipeline and its history, the development outbox, and SMTP
 * delivery through the notification worker with a retry.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApiKey,
  createTestMember,
  createTestOrganization,
  type TestMember,
} from '../../../test/support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { type FakeSmtpServer, startFakeSmtpServer } from '../../../test/support/fake-smtp-server.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { waitFor } from '../../../test/support/wait.ts';
import type { Database } from '../../platform/db/client.ts';
import {
  assessments,
  candidateInvitations,
  candidates,
  creditLedgerEntries,
  organizations,
  outboundEmails,
} from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { createMailer, type Mailer } from '../../platform/mail/mailer.ts';
import { createQueueRegistry, type QueueRegistry } from '../../platform/queue/queues.ts';
import { type ProcessorMap, startWorkers, type WorkerPool } from '../../platform/queue/worker-runner.ts';
import { createAuthGuard } from '../accounts/index.ts';
import { createNotificationProcessor, registerOutboxRoutes } from '../ops/index.ts';
import { registerCandidateRoutes } from './candidates.routes.ts';
import { moveCandidateStatus, resolveInvitationToken } from './candidates.service.ts';
import { hashInvitationToken } from './invitation-token.ts';

const APP_URL = 'http://app.test';
const OPERATOR_TOKEN = 'op-'.padEnd(40, 'x');
const DAY = 86_400_000;

let database: TestDatabase;
let db: Database;
let redis: Redis;
let queues: QueueRegistry;
const prefix = uniquePrefix('cand');
let app: HttpServer;
let base: string;

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
  body: any;
}

async function call(
  method: string,
  path: string,
  options: {
    body?: unknown;
    headers?: Record<string, string>;
    raw?: string;
    contentType?: string;
    url?: string;
  } = {},
): Promise<Reply> {
  const { body, raw } = options;
  const response = await fetch(`${options.url ?? base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(raw !== undefined ? { 'content-type': options.contentType ?? 'text/csv' } : {}),
      ...options.headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : raw !== undefined ? { body: raw } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

async function createAssessment(
  organizationId: string,
  status: 'draft' | 'published' | 'archived' = 'published',
): Promise<string> {
  const [row] = await db
    .insert(assessments)
    .values({
      organizationId,
      title: `Backend ${randomBytes(2).toString('hex')}`,
      role: 'backend',
      seniority: 'mid',
      durationMinutes: 60,
      languages: ['python'],
      status,
      difficultyMix: { easy: 0.2, medium: 0.6, hard: 0.2 },
      questionCount: 3,
      ...(status === 'published' ? { publishedAt: new Date() } : {}),
    })
    .returning({ id: assessments.id });
  if (!row) throw new Error('no assessment');
  return row.id;
}

async function balanceOf(organizationId: string): Promise<number> {
  const [row] = await db
    .select({ balance: organizations.creditBalance })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.balance ?? -1;
}

async function ledgerOf(organizationId: string) {
  return db
    .select()
    .from(creditLedgerEntries)
    .where(eq(creditLedgerEntries.organizationId, organizationId))
    .orderBy(creditLedgerEntries.createdAt);
}

const tokenOf = (link: string) => link.split('/interview/')[1] ?? '';

/** A recruiter's organization with a published assessment. */
async function setup(credits = 10): Promise<{ owner: TestMember; assessmentId: string }> {
  const organizationId = await createTestOrganization(db, credits);
  const owner = await createTestMember(db, { role: 'OWNER', organizationId });
  return { owner, assessmentId: await createAssessment(organizationId) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  queues = createQueueRegistry({ connection: redis, prefix });
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 100_000,
    version: 'test',
  });
  const guard = createAuthGuard({ db });
  // No SMTP: every message lands in the development outbox.
  const mailer = createMailer({
    db,
    queues,
    smtpUrl: undefined,
    from: 'InterviewLM <no-reply@example.test>',
    logger: testLogger,
  });
  registerCandidateRoutes(app, { db, guard, mailer, appUrl: APP_URL, logger: testLogger });
  registerOutboxRoutes(app, { db, operatorToken: OPERATOR_TOKEN });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await queues?.close();
  redis?.disconnect();
  await deleteKeysWithPrefix(prefix);
  await database?.drop();
});

describe('inviting candidates', () => {
  it('invites one: a hashed single-candidate token expiring in 30 days, one credit, the history entry and an email with a working link', async () => {
    const { owner, assessmentId } = await setup(10);
    const before = Date.now();
    const reply = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: ' Ada@Example.COM ', name: 'Ada Lovelace' },
      headers: owner.headers(true),
    });
    expect(reply.status).toBe(201);
    expect(reply.body.summary).toEqual({ total: 1, invited: 1, failed: 0 });
    expect(reply.body.credits).toEqual({ charged: 1, balance: 9 });
    const [invited] = reply.body.invited;
    expect(invited).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      status: 'INVITED',
      delivery: { status: 'outbox' },
      invitation: { state: 'active', sendCount: 1 },
    });
    expect(invited.invitationLink).toMatch(/^http:\/\/app\.test\/interview\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(invited.invitationLink);
    const expiresAt = new Date(invited.invitation.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY + 1000);

    // Only the SHA-256 of the token is stored.
    const stored = await db
      .select()
      .from(candidateInvitations)
      .where(eq(candidateInvitations.candidateId, invited.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await balanceOf(owner.organizationId)).toBe(9);
    const ledger = await ledgerOf(owner.organizationId);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      kind: 'deduction',
      amount: -1,
      balanceAfter: 9,
      actorKind: 'user',
      actorUserId: owner.userId,
      reference: `candidate:${invited.id}:1`,
    });

    const detail = await call('GET', `/api/candidates/${invited.id}`, { headers: owner.headers() });
    expect(detail.status).toBe(200);
    expect(detail.body.candidate.history).toEqual([
      {
        from: null,
        to: 'INVITED',
        at: expect.any(String),
        reason: 'Invited',
        actor: { kind: 'user', userId: owner.userId, name: 'Test Member' },
      },
    ]);
    expect(detail.body.candidate.emails).toEqual([expect.objectContaining({ status: 'dev_outbox' })]);

    // An invitation locks nothing: the plan is frozen once a candidate starts (assessments module).
    const [assessment] = await db
      .select({ lockedAt: assessments.lockedAt })
      .from(assessments)
      .where(eq(assessments.id, assessmentId));
    expect(assessment?.lockedAt).toBeNull();

    // The token opens exactly this candidate's interview, and nothing else does.
    const found = await resolveInvitationToken(db, token);
    expect(found.ok && found.candidate.id).toBe(invited.id);
    expect(found.ok && found.assessment.id).toBe(assessmentId);
    expect(
      await resolveInvitationToken(db, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
    ).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await resolveInvitationToken(db, token, new Date(expiresAt + 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('invites many at once; a repeated or already invited address is reported and not charged', async () => {
    const { owner, assessmentId } = await setup(10);
    await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'grace@example.com', name: 'Grace' },
      headers: owner.headers(true),
    });
    const reply = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: {
        candidates: [
          { email: 'alan@example.com', name: 'Alan' },
          { email: 'barbara@example.com', name: 'Barbara' },
          { email: 'ALAN@example.com', name: 'Alan twice' },
          { email: 'grace@example.com', name: 'Grace' },
          { email: 'edsger@example.com', name: 'Edsger' },
        ],
        deadline: new Date(Date.now() + 3 * DAY).toISOString(),
      },
      headers: owner.headers(true),
    });
    expect(reply.status).toBe(201);
    expect(reply.body.invited.map((c: { email: string }) => c.email).sort()).toEqual([
      'alan@example.com',
      'barbara@example.com',
      'edsger@example.com',
    ]);
    expect(reply.body.errors).toEqual([
      { email: 'alan@example.com', message: 'alan@example.com is listed twice; invited once' },
      {
        email: 'grace@example.com',
        message: 'grace@example.com is already invited to this assessment (INVITED)',
      },
    ]);
    expect(reply.body.credits).toEqual({ charged: 3, balance: 6 });
    expect(await balanceOf(owner.organizationId)).toBe(6);
    // Each link expires at the deadline and differs from the others.
    const links = new Set(reply.body.invited.map((c: { invitationLink: string }) => c.invitationLink));
    expect(links.size).toBe(3);
    for (const c of reply.body.invited) {
      expect(Math.abs(new Date(c.invitation.expiresAt).getTime() - (Date.now() + 3 * DAY))).toBeLessThan(
        60_000,
      );
    }
    const ledger = await ledgerOf(owner.organizationId);
    expect(ledger.map((entry) => entry.balanceAfter).sort((a, b) => b - a)).toEqual([9, 8, 7, 6]);

    // The same single invitation again is a conflict, and costs nothing.
    const again = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'grace@example.com', name: 'Grace' },
      headers: owner.headers(true),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already invited/);
    expect(await balanceOf(owner.organizationId)).toBe(6);

    const list = await call('GET', `/api/assessments/${assessmentId}/candidates?limit=2`, {
      headers: owner.headers(),
    });
    expect(list.body.total).toBe(4);
    expect(list.body.candidates).toHaveLength(2);
    const search = await call('GET', `/api/assessments/${assessmentId}/candidates?search=BARB`, {
      headers: owner.headers(),
    });
    expect(search.body.candidates.map((c: { email: string }) => c.email)).toEqual(['barbara@example.com']);
  });

  it('refuses more than 200 at once and invalid entries, naming the field', async () => {
    const { owner, assessmentId } = await setup(500);
    const many = Array.from({ length: 201 }, (_, i) => ({ email: `p${i}@example.com`, name: `P ${i}` }));
    const tooMany = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { candidates: many },
      headers: owner.headers(true),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields[0]).toEqual({
      path: 'body.candidates',
      message: 'at most 200 candidates per request',
    });
    const bad = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: {
        candidates: [
          { email: 'ok@example.com', name: 'Ok' },
          { email: 'nope', name: 'No' },
        ],
      },
      headers: owner.headers(true),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.candidates[1].email');
    const missing = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'x@example.com' },
      headers: owner.headers(true),
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0]).toEqual({ path: 'body.name', message: 'the name is required' });
    const past = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'x@example.com', name: 'X', deadline: '2020-01-01T00:00:00Z' },
      headers: owner.headers(true),
    });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toBe('The deadline must be in the future');
    // 200 is fine, in one transaction.
    const exactly = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { candidates: many.slice(0, 200), sendEmail: false },
      headers: owner.headers(true),
    });
    expect(exactly.status).toBe(201);
    expect(exactly.body.credits).toEqual({ charged: 200, balance: 300 });
    expect(exactly.body.invited[0].delivery).toEqual({ status: 'not_sent', messageId: null });
  });

  it('invites from a CSV upload (text/csv or JSON), reporting bad lines and inviting the rest', async () => {
    const { owner, assessmentId } = await setup(10);
    const csv = [
      'Name,Email',
      '"Lovelace, Ada",ada@example.com',
      'Bob,bob-at-example.com',
      ',carol@example.com',
      'Dan,dan@example.com',
      'Dan again,DAN@example.com',
    ].join('\r\n');
    const reply = await call('POST', `/api/assessments/${assessmentId}/candidates/csv?message=Welcome`, {
      raw: csv,
      headers: owner.headers(true),
    });
    expect(reply.status).toBe(201);
    expect(reply.body.invited.map((c: { name: string }) => c.name).sort()).toEqual(['Dan', 'Lovelace, Ada']);
    expect(reply.body.errors).toEqual([
      { line: 3, email: 'bob-at-example.com', message: '"bob-at-example.com" is not an email address' },
      { line: 4, email: 'carol@example.com', message: 'the name is empty' },
      { line: 6, email: 'dan@example.com', message: 'dan@example.com is already on line 5' },
    ]);
    expect(reply.body.summary).toEqual({ total: 5, invited: 2, failed: 3 });
    expect(await balanceOf(owner.organizationId)).toBe(8);

    // Uploading the corrected file again invites only the new line.
    const fixed = await call('POST', `/api/assessments/${assessmentId}/candidates/csv`, {
      body: { csv: 'name,email\nAda,ada@example.com\nBob,bob@example.com\n' },
      headers: owner.headers(true),
    });
    expect(fixed.status).toBe(201);
    expect(fixed.body.invited.map((c: { email: string }) => c.email)).toEqual(['bob@example.com']);
    expect(fixed.body.errors).toEqual([
      {
        email: 'ada@example.com',
        line: 2,
        message: 'ada@example.com is already invited to this assessment (INVITED)',
      },
    ]);
    expect(await balanceOf(owner.organizationId)).toBe(7);

    const unreadable = await call('POST', `/api/assessments/${assessmentId}/candidates/csv`, {
      raw: 'name;phone\nAda;123\n',
      headers: owner.headers(true),
    });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error.message).toMatch(/No email column/);
    const huge = await call('POST', `/api/assessments/${assessmentId}/candidates/csv`, {
      raw: Array.from({ length: 201 }, (_, i) => `p${i}@example.com`).join('\n'),
      contentType: 'text/plain',
      headers: owner.headers(true),
    });
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toMatch(/201 candidates; at most 200/);
    expect(await balanceOf(owner.organizationId)).toBe(7);
  });

  it('answers 402 without credits, saying how to buy, and creates nothing', async () => {
    const { owner, assessmentId } = await setup(0);
    const reply = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'ada@example.com', name: 'Ada' },
      headers: owner.headers(true),
    });
    expect(reply.status).toBe(402);
    expect(reply.body.error).toMatchObject({
      code: 'PAYMENT_REQUIRED',
      message: 'No credits left: buy a credit pack in Settings → Billing, or ask the platform operator',
    });
    expect(await db.select().from(candidates).where(eq(candidates.assessmentId, assessmentId))).toEqual([]);

    // A batch larger than the balance is refused whole.
    await db
      .update(organizations)
      .set({ creditBalance: 2 })
      .where(eq(organizations.id, owner.organizationId));
    const batch = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: {
        candidates: [
          { email: 'a@example.com', name: 'A' },
          { email: 'b@example.com', name: 'B' },
          { email: 'c@example.com', name: 'C' },
        ],
      },
      headers: owner.headers(true),
    });
    expect(batch.status).toBe(402);
    expect(batch.body.error.message).toMatch(/^Not enough credits: this needs 3 and 2 are left/);
    expect(await balanceOf(owner.organizationId)).toBe(2);
    expect(await db.select().from(candidates).where(eq(candidates.assessmentId, assessmentId))).toEqual([]);
    expect(await ledgerOf(owner.organizationId)).toEqual([]);
  });

  it('spends the last credit once when two invitations race for it', async () => {
    const { owner, assessmentId } = await setup(1);
    const otherAssessment = await createAssessment(owner.organizationId);
    const [first, second] = await Promise.all([
      call('POST', `/api/assessments/${assessmentId}/candidates`, {
        body: { email: 'one@example.com', name: 'One' },
        headers: owner.headers(true),
      }),
      call('POST', `/api/assessments/${otherAssessment}/candidates`, {
        body: { email: 'two@example.com', name: 'Two' },
        headers: owner.headers(true),
      }),
    ]);
    expect([first?.status, second?.status].sort()).toEqual([201, 402]);
    expect(await balanceOf(owner.organizationId)).toBe(0);
  });

  it('accepts invitations only for published assessments of the caller', async () => {
    const { owner } = await setup(10);
    const draft = await createAssessment(owner.organizationId, 'draft');
    const archived = await createAssessment(owner.organizationId, 'archived');
    const body = { email: 'ada@example.com', name: 'Ada' };
    const toDraft = await call('POST', `/api/assessments/${draft}/candidates`, {
      body,
      headers: owner.headers(true),
    });
    expect(toDraft.status).toBe(409);
    expect(toDraft.body.error.message).toBe('Publish the assessment before inviting candidates');
    const toArchived = await call('POST', `/api/assessments/${archived}/candidates`, {
      body,
      headers: owner.headers(true),
    });
    expect(toArchived.status).toBe(409);
    const stranger = await setup(10);
    const foreign = await call('POST', `/api/assessments/${stranger.assessmentId}/candidates`, {
      body,
      headers: owner.headers(true),
    });
    expect(foreign.status).toBe(404);
    const foreignList = await call('GET', `/api/assessments/${stranger.assessmentId}/candidates`, {
      headers: owner.headers(),
    });
    expect(foreignList.status).toBe(404);
    expect(await balanceOf(owner.organizationId)).toBe(10);
  });

  it("hides another organization's candidates (404) and checks roles", async () => {
    const { owner, assessmentId } = await setup(10);
    const invited = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'ada@example.com', name: 'Ada' },
      headers: owner.headers(true),
    });
    const id = invited.body.invited[0].id;
    const stranger = await createTestMember(db, { role: 'OWNER' });
    for (const [method, path, body] of [
      ['GET', `/api/candidates/${id}`, undefined],
      ['GET', `/api/candidates/${id}/invite-link`, undefined],
      ['POST', `/api/candidates/${id}/resend`, {}],
      ['POST', `/api/candidates/${id}/revoke`, {}],
      ['POST', `/api/candidates/${id}/status`, { status: 'REJECTED' }],
    ] as const) {
      const reply = await call(method, path, { body, headers: stranger.headers(method !== 'GET') });
      expect(reply.status, `${method} ${path}`).toBe(404);
    }
    const viewer = await createTestMember(db, { role: 'VIEWER', organizationId: owner.organizationId });
    expect((await call('GET', `/api/candidates/${id}`, { headers: viewer.headers() })).status).toBe(200);
    expect(
      (await call('GET', `/api/candidates/${id}/invite-link`, { headers: viewer.headers() })).status,
    ).toBe(403);
    const viewerInvite = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'bob@example.com', name: 'Bob' },
      headers: viewer.headers(true),
    });
    expect(viewerInvite.status).toBe(403);
    expect((await call('GET', `/api/candidates/${id}`)).status).toBe(401);

    // An API key invites as the organization; the history says so.
    const key = await createTestApiKey(db, owner.organizationId);
    const byKey = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'carol@example.com', name: 'Carol' },
      headers: { authorization: key },
    });
    expect(byKey.status).toBe(201);
    const detail = await call('GET', `/api/candidates/${byKey.body.invited[0].id}`, {
      headers: { authorization: key },
    });
    expect(detail.body.candidate.history[0].actor).toEqual({ kind: 'api_key', userId: null, name: null });
  });
});

describe('links: resend, copy, revoke', () => {
  it('resend and copy replace the link: the old token stops working, the new one works, the credit stays spent', async () => {
    const { owner, assessmentId } = await setup(10);
    const invited = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'ada@example.com', name: 'Ada' },
      headers: owner.headers(true),
    });
    const id = invited.body.invited[0].id;
    const first = tokenOf(invited.body.invited[0].invitationLink);

    const resent = await call('POST', `/api/candidates/${id}/resend`, {
      body: {},
      headers: owner.headers(true),
    });
    expect(resent.status).toBe(200);
    expect(resent.body.delivery.status).toBe('outbox');
    const second = tokenOf(resent.body.invitationLink);
    expect(second).not.toBe(first);
    expect(await resolveInvitationToken(db, first)).toEqual({ ok: false, reason: 'revoked' });
    expect((await resolveInvitationToken(db, second)).ok).toBe(true);
    // The same expiry as before: resending does not extend a running deadline.
    expect(resent.body.expiresAt).toBe(invited.body.invited[0].invitation.expiresAt);

    const copied = await call('GET', `/api/candidates/${id}/invite-link`, { headers: owner.headers() });
    expect(copied.status).toBe(200);
    const third = tokenOf(copied.body.invitationLink);
    expect(await resolveInvitationToken(db, second)).toEqual({ ok: false, reason: 'revoked' });
    expect((await resolveInvitationToken(db, third)).ok).toBe(true);

    // A new deadline on resend.
    const deadline = new Date(Date.now() + 2 * DAY);
    const extended = await call('POST', `/api/candidates/${id}/resend`, {
      body: { deadline: deadline.toISOString() },
      headers: owner.headers(true),
    });
    expect(new Date(extended.body.expiresAt).getTime()).toBe(deadline.getTime());

    const detail = await call('GET', `/api/candidates/${id}`, { headers: owner.headers() });
    expect(detail.body.candidate.emails).toHaveLength(3);
    expect(detail.body.candidate.invitation).toMatchObject({ state: 'active', sendCount: 1 });
    expect(await balanceOf(owner.organizationId)).toBe(9);
    const live = await db.select().from(candidateInvitations).where(eq(candidateInvitations.candidateId, id));
    expect(live.filter((row) => row.revokedAt === null)).toHaveLength(1);
    expect(live).toHaveLength(4);
  });

  it('revoking before the start refunds the credit once; after the start it does not', async () => {
    const { owner, assessmentId } = await setup(5);
    const invited = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: {
        candidates: [
          { email: 'ada@example.com', name: 'Ada' },
          { email: 'bob@example.com', name: 'Bob' },
        ],
      },
      headers: owner.headers(true),
    });
    const [ada, bob] = invited.body.invited;
    expect(await balanceOf(owner.organizationId)).toBe(3);

    const revoked = await call('POST', `/api/candidates/${ada.id}/revoke`, {
      body: { reason: 'Wrong address' },
      headers: owner.headers(true),
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ success: true, refunded: true, credits: { balance: 4 } });
    expect(await resolveInvitationToken(db, tokenOf(ada.invitationLink))).toEqual({
      ok: false,
      reason: 'revoked',
    });
    const twice = await call('POST', `/api/candidates/${ada.id}/revoke`, {
      body: {},
      headers: owner.headers(true),
    });
    expect(twice.status).toBe(409);
    expect(await balanceOf(owner.organizationId)).toBe(4);
    const resend = await call('POST', `/api/candidates/${ada.id}/resend`, {
      body: {},
      headers: owner.headers(true),
    });
    expect(resend.status).toBe(409);
    expect(resend.body.error.message).toMatch(/revoked. Invite the candidate again/);
    const listed = await call('GET', `/api/candidates/${ada.id}`, { headers: owner.headers() });
    expect(listed.body.candidate.invitation.state).toBe('revoked');

    // Inviting the same person again charges again, and a second revocation refunds that charge.
    const again = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'ada@example.com', name: 'Ada' },
      headers: owner.headers(true),
    });
    expect(again.status).toBe(201);
    expect(again.body.invited[0].id).toBe(ada.id);
    expect(await balanceOf(owner.organizationId)).toBe(3);
    expect((await resolveInvitationToken(db, tokenOf(again.body.invited[0].invitationLink))).ok).toBe(true);
    await call('POST', `/api/candidates/${ada.id}/revoke`, { body: {}, headers: owner.headers(true) });
    expect(await balanceOf(owner.organizationId)).toBe(4);
    const refunds = (await ledgerOf(owner.organizationId)).filter((entry) => entry.kind === 'refund');
    expect(refunds.map((entry) => entry.reference).sort()).toEqual([
      `candidate:${ada.id}:1`,
      `candidate:${ada.id}:2`,
    ]);
    expect(refunds[0]?.reason).toBe('Invitation revoked: Wrong address');

    // Bob starts: revoking now ends his link without a refund.
    await moveCandidateStatus(db, {
      organizationId: owner.organizationId,
      candidateId: bob.id,
      to: 'IN_PROGRESS',
      actor: { kind: 'candidate' },
    });
    expect((await resolveInvitationToken(db, tokenOf(bob.invitationLink))).ok).toBe(true);
    const late = await call('POST', `/api/candidates/${bob.id}/revoke`, {
      body: {},
      headers: owner.headers(true),
    });
    expect(late.body).toEqual({ success: true, refunded: false, credits: { balance: 4 } });
    expect(await balanceOf(owner.organizationId)).toBe(4);
  });
});

describe('the pipeline', () => {
  it('records each move with who, when and why, and refuses illegal moves with 409', async () => {
    const { owner, assessmentId } = await setup(5);
    const invited = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email: 'ada@example.com', name: 'Ada' },
      headers: owner.headers(true),
    });
    const id = invited.body.invited[0].id;
    const move = (status: string, reason?: string) =>
      call('POST', `/api/candidates/${id}/status`, {
        body: { status, reason },
        headers: owner.headers(true),
      });

    const early = await move('HIRED');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe(
      'The candidate is INVITED: HIRED can be chosen once the interview is completed',
    );
    const platformOnly = await move('IN_PROGRESS');
    expect(platformOnly.status).toBe(409);
    expect(platformOnly.body.error.message).toMatch(/set by the platform/);

    const token = tokenOf(invited.body.invited[0].invitationLink);
    const system = { organizationId: owner.organizationId, candidateId: id };
    await moveCandidateStatus(db, {
      ...system,
      to: 'IN_PROGRESS',
      actor: { kind: 'candidate' },
      reason: 'Started',
    });
    await moveCandidateStatus(db, {
      ...system,
      to: 'COMPLETED',
      actor: { kind: 'system' },
      reason: 'Submitted',
    });
    // The interview is over: the link no longer opens it.
    expect(await resolveInvitationToken(db, token)).toEqual({ ok: false, reason: 'finished' });
    await moveCandidateStatus(db, { ...system, to: 'EVALUATED', actor: { kind: 'system' } });

    const advanced = await move('ADVANCED', 'Strong code, good use of the assistant');
    expect(advanced.status).toBe(200);
    expect(advanced.body.candidate.status).toBe('ADVANCED');
    const hired = await move('HIRED', 'Offer accepted');
    expect(hired.status).toBe(200);
    const afterHire = await move('REJECTED', 'changed my mind');
    expect(afterHire.status).toBe(409);
    expect(afterHire.body.error.message).toBe('The candidate is HIRED, a final decision; it cannot change');
    const unknown = await move('MAYBE');
    expect(unknown.status).toBe(400);

    const history = hired.body.candidate.history;
    expect(history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'INVITED'],
      ['INVITED', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'COMPLETED'],
      ['COMPLETED', 'EVALUATED'],
      ['EVALUATED', 'ADVANCED'],
      ['ADVANCED', 'HIRED'],
    ]);
    expect(history[1].actor).toEqual({ kind: 'candidate', userId: null, name: null });
    expect(history[2]).toMatchObject({ reason: 'Submitted', actor: { kind: 'system' } });
    expect(history[4]).toMatchObject({
      reason: 'Strong code, good use of the assistant',
      actor: { kind: 'user', userId: owner.userId, name: 'Test Member' },
    });
    const times = history.map((h: { at: string }) => new Date(h.at).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(hired.body.candidate.statusChangedAt).toBe(history[5].at);

    const filtered = await call('GET', `/api/assessments/${assessmentId}/candidates?status=hired,ADVANCED`, {
      headers: owner.headers(),
    });
    expect(filtered.body.candidates.map((c: { id: string }) => c.id)).toEqual([id]);
    const none = await call('GET', `/api/assessments/${assessmentId}/candidates?status=INVITED`, {
      headers: owner.headers(),
    });
    expect(none.body.total).toBe(0);
    const badFilter = await call('GET', `/api/assessments/${assessmentId}/candidates?status=NOPE`, {
      headers: owner.headers(),
    });
    expect(badFilter.status).toBe(400);
  });
});

describe('email', () => {
  it('keeps invitations in the development outbox for operators, with links that work', async () => {
    const { owner, assessmentId } = await setup(5);
    const email = `outbox-${randomBytes(3).toString('hex')}@example.com`;
    await call('POST', `/api/assessments/${assessmentId}/candidates`, {
      body: { email, name: 'Olivia', message: 'Looking forward to it!' },
      headers: owner.headers(true),
    });
    expect((await call('GET', '/api/admin/outbox')).status).toBe(401);
    const outbox = await call('GET', `/api/admin/outbox?to=${encodeURIComponent(email)}`, {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(outbox.status).toBe(200);
    expect(outbox.body.messages).toHaveLength(1);
    const [message] = outbox.body.messages;
    expect(message).toMatchObject({ to: email, status: 'dev_outbox', template: 'candidate-invitation' });
    expect(message.subject).toContain('invites you to a coding interview');
    expect(message.text).toContain('Looking forward to it!');
    const link = /http:\/\/app\.test\/interview\/[A-Za-z0-9_-]{43}/.exec(message.text)?.[0];
    expect(link).toBeDefined();
    const opened = await resolveInvitationToken(db, tokenOf(link ?? ''));
    expect(opened.ok && opened.candidate.email).toBe(email);
    // Nothing is queued for SMTP.
    expect(await queues.queue('notification').getJobCounts('waiting', 'delayed')).toEqual({
      waiting: 0,
      delayed: 0,
    });
  });

  it('delivers invitations over SMTP through the notification worker, retrying a failure without losing the invitation', async () => {
    const smtp: FakeSmtpServer = await startFakeSmtpServer();
    const smtpPrefix = uniquePrefix('cand-smtp');
    const smtpQueues = createQueueRegistry({ connection: redis, prefix: smtpPrefix });
    const mailer: Mailer = createMailer({
      db,
      queues: smtpQueues,
      smtpUrl: smtp.url,
      from: 'InterviewLM <no-reply@example.test>',
      logger: testLogger,
    });
    const smtpApp = await createHttpServer({
      logger: testLogger,
      trustProxy: false,
      rateLimitPerMinute: 100_000,
      version: 'test',
    });
    registerCandidateRoutes(smtpApp, {
      db,
      guard: createAuthGuard({ db }),
      mailer,
      appUrl: APP_URL,
      logger: testLogger,
    });
    const url = await smtpApp.listen({ port: 0, host: '127.0.0.1' });
    const unused = async () => {
      throw new Error('not started in this test');
    };
    const processors: ProcessorMap = {
      'interview-agent': unused,
      'evaluation-agent': unused,
      'code-execution': unused,
      'question-generation': unused,
      notification: createNotificationProcessor({ deliver: unused }, mailer),
    };
    let workers: WorkerPool | undefined;
    try {
      const { owner, assessmentId } = await setup(5);
      smtp.failNext(1);
      const reply = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
        body: { email: 'smtp-ada@example.com', name: 'Ada' },
        headers: owner.headers(true),
        url,
      });
      expect(reply.status).toBe(201);
      expect(reply.body.invited[0].delivery.status).toBe('queued');
      const messageId = reply.body.invited[0].delivery.messageId;
      workers = startWorkers({
        queues: ['notification'],
        processors,
        redisUrl: testRedisUrl,
        prefix: smtpPrefix,
        logger: testLogger,
      });
      const sent = await waitFor(
        async () => {
          const [row] = await db.select().from(outboundEmails).where(eq(outboundEmails.id, messageId));
          return row?.status === 'sent' ? row : undefined;
        },
        'the invitation to be sent after a retry',
        30_000,
      );
      expect(sent.attempts).toBe(2);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]?.to).toEqual(['<smtp-ada@example.com>']);
      const body = smtp.messages[0]?.data.replace(/=\r?\n/g, '') ?? '';
      const link = reply.body.invited[0].invitationLink;
      expect(body).toContain(link);
      // The invitation was never at risk: the candidate and the link are still there.
      const [candidate] = await db
        .select()
        .from(candidates)
        .where(and(eq(candidates.assessmentId, assessmentId), eq(candidates.email, 'smtp-ada@example.com')));
      expect(candidate?.status).toBe('INVITED');
      expect((await resolveInvitationToken(db, tokenOf(link))).ok).toBe(true);
    } finally {
      await workers?.close();
      await smtpApp.close();
      await smtpQueues.close();
      await smtp.close();
      await deleteKeysWithPrefix(smtpPrefix);
    }
  });

  it('still invites when the email cannot be stored, and the link can be copied', async () => {
    const failingApp = await createHttpServer({
      logger: testLogger,
      trustProxy: false,
      rateLimitPerMinute: 100_000,
      version: 'test',
    });
    registerCandidateRoutes(failingApp, {
      db,
      guard: createAuthGuard({ db }),
      mailer: {
        send: async () => {
          throw new Error('mail store unavailable');
        },
      },
      appUrl: APP_URL,
      logger: testLogger,
    });
    const url = await failingApp.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { owner, assessmentId } = await setup(5);
      const reply = await call('POST', `/api/assessments/${assessmentId}/candidates`, {
        body: { email: 'lost-mail@example.com', name: 'Lost' },
        headers: owner.headers(true),
        url,
      });
      expect(reply.status).toBe(201);
      expect(reply.body.invited[0].delivery).toEqual({ status: 'failed', messageId: null });
      expect(reply.body.invited[0].invitation).toMatchObject({ state: 'active', sentAt: null, sendCount: 0 });
      expect((await resolveInvitationToken(db, tokenOf(reply.body.invited[0].invitationLink))).ok).toBe(true);
      const copied = await call('GET', `/api/candidates/${reply.body.invited[0].id}/invite-link`, {
        headers: owner.headers(),
        url,
      });
      expect(copied.status).toBe(200);
      expect((await resolveInvitationToken(db, tokenOf(copied.body.invitationLink))).ok).toBe(true);
    } finally {
      await failingApp.close();
    }
  });
});

describe('API documentation', () => {
  it('documents the candidate routes in OpenAPI', async () => {
    const docs = await call('GET', '/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/assessments/{id}/candidates',
        '/api/assessments/{id}/candidates/csv',
        '/api/candidates/{id}',
        '/api/candidates/{id}/invite-link',
        '/api/candidates/{id}/status',
      ]),
    );
  });
});
