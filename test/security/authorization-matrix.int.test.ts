/**
 * The authorization matrix: every route the API serves × every kind of actor → the expected
 * status, on the real platform (startPlatform) with a real database and Redis. The route list comes
 * from the server itself, so a new route without a row here fails this test.
 *
 * Actors: anonymous; VIEWER, RECRUITER, ADMIN and OWNER of organization A; the OWNER of
 * organization B; a signed-in platform operator; OPERATOR_TOKEN; an API key of A; candidate A and
 * candidate B (two candidates of A's assessment, each with the credential of their own session).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { type RunningPlatform, startPlatform } from '../../src/main.ts';
import { can, type Permission, type Role } from '../../src/modules/accounts/index.ts';
import { insertCreditPackage } from '../../src/modules/billing/index.ts';
import { candidates, memberInvitations, organizations } from '../../src/platform/db/schema/index.ts';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { createTestApiKey, createTestMember, type TestMember } from '../support/accounts.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { testLogger } from '../support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis.ts';
import { testRedisUrl } from '../support/services.ts';

type ActorName =
  | 'anonymous'
  | 'VIEWER'
  | 'RECRUITER'
  | 'ADMIN'
  | 'OWNER'
  | 'otherOrgOwner'
  | 'operator'
  | 'operatorToken'
  | 'apiKey'
  | 'candidateA'
  | 'candidateB';
const actorNames: ActorName[] = [
  'anonymous',
  'VIEWER',
  'RECRUITER',
  'ADMIN',
  'OWNER',
  'otherOrgOwner',
  'operator',
  'operatorToken',
  'apiKey',
  'candidateA',
  'candidateB',
];

/** What an actor should get: success (any 2xx), or a status. */
type Expected = 'ok' | 401 | 403 | 404 | 409;

interface Fixture {
  platform: RunningPlatform;
  headers: Record<ActorName, (mutation: boolean) => Record<string, string>>;
  members: Record<'VIEWER' | 'RECRUITER' | 'ADMIN' | 'OWNER' | 'otherOrgOwner' | 'operator', TestMember>;
  orgA: string;
  /** A credit pack on sale with a Paddle price, so checkout can answer. */
  creditPackageId: string;
  /** A published assessment of A that candidates are invited to. */
  assessmentA: string;
  /** Candidate A's session and credential (candidate B has a session of its own). */
  sessionA: CandidateSession;
}

interface CandidateSession {
  id: string;
  credential: string;
}

interface RouteCase {
  /** Builds the request for one actor (fresh targets for destructive routes); `headers` replace the actor's. */
  request: (
    fixture: Fixture,
    actor: ActorName,
  ) => Promise<{ path: string; body?: unknown; headers?: Record<string, string> }>;
  expect: (actor: ActorName) => Expected;
}

const operatorToken = `matrix-operator-${randomBytes(16).toString('hex')}`;
const prefix = uniquePrefix('matrix');

/** An organization route: permission from the table for members of A and the API key (a RECRUITER). */
function organizationRoute(permission: Permission, onOtherOrg: Expected = 'ok'): RouteCase['expect'] {
  return (actor) => {
    // A candidate's credential is not an API key: the organization's routes do not know it.
    if (actor === 'anonymous' || actor === 'operatorToken' || isCandidate(actor)) return 401;
    if (actor === 'apiKey') return can('RECRUITER', permission) ? 'ok' : 403;
    if (actor === 'otherOrgOwner') return onOtherOrg;
    // The operator is the OWNER of an organization of its own; on A's objects it behaves as B.
    if (actor === 'operator') return onOtherOrg;
    return can(actor as Role, permission) ? 'ok' : 403;
  };
}

const isCandidate = (actor: ActorName) => actor === 'candidateA' || actor === 'candidateB';

/** Operator surfaces: a signed-in operator or the token; members 403; an API key or a candidate credential is a wrong token. */
const operatorRoute: RouteCase['expect'] = (actor) =>
  actor === 'anonymous' ? 401 : actor === 'operator' || actor === 'operatorToken' ? 'ok' : 403;

/** Routes about the signed-in person (cookie only). */
const signedInRoute: RouteCase['expect'] = (actor) =>
  actor === 'anonymous' || actor === 'operatorToken' || actor === 'apiKey' || isCandidate(actor) ? 401 : 'ok';

/** Candidate routes of session A: only its candidate; candidate B's credential is a 404, everyone else 401. */
const candidateRoute: RouteCase['expect'] = (actor) =>
  actor === 'candidateA' ? 'ok' : actor === 'candidateB' ? 404 : 401;

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/** Invites a new candidate to A's assessment; resolves with the invitation token. */
async function inviteToA(fixture: Fixture): Promise<string> {
  const response = await fetch(`${fixture.platform.url}/api/assessments/${fixture.assessmentA}/candidates`, {
    method: 'POST',
    headers: { ...fixture.headers.OWNER(true), 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `s-${randomUUID()}@example.test`,
      name: 'Session candidate',
      sendEmail: false,
    }),
  });
  const answer = (await response.json()) as { invited?: Array<{ invitationLink: string }> };
  const token = answer.invited?.[0]?.invitationLink.split('/').at(-1);
  if (!token) throw new Error(`could not invite to A: ${response.status} ${JSON.stringify(answer)}`);
  return token;
}

/** Starts an interview for a new candidate of A; resolves with the session and its credential. */
async function startSessionInA(fixture: Fixture): Promise<CandidateSession> {
  const response = await fetch(`${fixture.platform.url}/api/interview/start/${await inviteToA(fixture)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ consent: true }),
  });
  const answer = (await response.json()) as { sessionId?: string; credential?: string };
  if (!answer.sessionId || !answer.credential) throw new Error(`could not start: ${response.status}`);
  return { id: answer.sessionId, credential: answer.credential };
}

/**
 * A candidate route of a session: candidate A acts on a fresh session of its own (these routes
 * change it), every other actor tries session A.
 */
function interviewRoute(suffix: string, body?: unknown): RouteCase {
  return {
    request: async (fixture, actor) => {
      const session = actor === 'candidateA' ? await startSessionInA(fixture) : fixture.sessionA;
      return {
        path: `/api/interview/${session.id}${suffix}`,
        ...(body ? { body } : {}),
        ...(actor === 'candidateA' ? { headers: bearer(session.credential) } : {}),
      };
    },
    expect: candidateRoute,
  };
}

/** A recruiter route of session A. */
const sessionRoute = (suffix: string): RouteCase => ({
  request: async (fixture) => ({ path: `/api/sessions/${fixture.sessionA.id}${suffix}` }),
  expect: organizationRoute('candidates:read', 404),
});

const fixed = (pathName: string, body?: unknown) => async () => ({
  path: pathName,
  ...(body ? { body } : {}),
});

async function freshViewer(fixture: Fixture): Promise<string> {
  return (
    await createTestMember(fixture.platform.database.db, { role: 'VIEWER', organizationId: fixture.orgA })
  ).userId;
}

/** Creates an object of organization A through the API, as its OWNER; resolves with its id. */
async function createInA(fixture: Fixture, pathName: string, body: unknown): Promise<string> {
  const response = await fetch(`${fixture.platform.url}${pathName}`, {
    method: 'POST',
    headers: { ...fixture.headers.OWNER(true), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as {
    assessment?: { id: string };
    seed?: { id: string };
    id?: string;
  };
  const id = answer.assessment?.id ?? answer.seed?.id ?? answer.id;
  if (!id) throw new Error(`could not create ${pathName} in A: ${response.status} ${JSON.stringify(answer)}`);
  return id;
}

const assessmentBody = () => ({
  title: `Matrix ${randomUUID().slice(0, 8)}`,
  role: 'backend',
  seniority: 'mid',
  durationMinutes: 60,
  languages: ['python'],
});
const seedBody = () => ({
  title: `Seed ${randomUUID().slice(0, 8)}`,
  description: 'Return the sum of the numbers in the list, 0 for an empty list.',
  difficulty: 'easy',
  topics: ['arrays'],
  languages: ['python'],
  starters: [],
  tests: [{ name: 'two', args: [[1, 2]], expected: 3, hidden: false }],
});
const freshAssessment =
  (suffix = '', body?: unknown) =>
  async (fixture: Fixture) => ({
    path: `/api/assessments/${await createInA(fixture, '/api/assessments', assessmentBody())}${suffix}`,
    ...(body ? { body } : {}),
  });
const freshSeed =
  (suffix = '', body?: unknown) =>
  async (fixture: Fixture) => ({
    path: `/api/seeds/${await createInA(fixture, '/api/seeds', seedBody())}${suffix}`,
    ...(body ? { body } : {}),
  });

/** A published assessment of A with one invited candidate; resolves with both ids. */
async function candidateInA(fixture: Fixture, status?: 'COMPLETED') {
  const assessmentId = await createInA(fixture, '/api/assessments', assessmentBody());
  await fetch(`${fixture.platform.url}/api/assessments/${assessmentId}/publish`, {
    method: 'POST',
    headers: { ...fixture.headers.OWNER(true), 'content-type': 'application/json' },
    body: '{}',
  });
  const response = await fetch(`${fixture.platform.url}/api/assessments/${assessmentId}/candidates`, {
    method: 'POST',
    headers: { ...fixture.headers.OWNER(true), 'content-type': 'application/json' },
    body: JSON.stringify({ email: `c-${randomUUID()}@example.test`, name: 'Candidate' }),
  });
  const answer = (await response.json()) as { invited?: Array<{ id: string }> };
  const candidateId = answer.invited?.[0]?.id;
  if (!candidateId) throw new Error(`could not invite in A: ${response.status} ${JSON.stringify(answer)}`);
  if (status)
    await fixture.platform.database.db
      .update(candidates)
      .set({ status })
      .where(eq(candidates.id, candidateId));
  return { assessmentId, candidateId };
}
const freshCandidate =
  (suffix = '', body?: unknown, status?: 'COMPLETED') =>
  async (fixture: Fixture) => ({
    path: `/api/candidates/${(await candidateInA(fixture, status)).candidateId}${suffix}`,
    ...(body ? { body } : {}),
  });

/** A report share link of a fresh candidate of A, created by its OWNER. */
async function shareInA(fixture: Fixture): Promise<{ candidateId: string; shareId: string; token: string }> {
  const { candidateId } = await candidateInA(fixture);
  const response = await fetch(`${fixture.platform.url}/api/candidates/${candidateId}/report/share`, {
    method: 'POST',
    headers: { ...fixture.headers.OWNER(true), 'content-type': 'application/json' },
    body: JSON.stringify({ expiresInHours: 1 }),
  });
  const answer = (await response.json()) as { id?: string; token?: string };
  if (!answer.id || !answer.token)
    throw new Error(`could not share a report in A: ${response.status} ${JSON.stringify(answer)}`);
  return { candidateId, shareId: answer.id, token: answer.token };
}

const routeCases: Record<string, RouteCase> = {
  'POST /api/assessments/:id/candidates': {
    request: async (fixture) => ({
      path: `/api/assessments/${(await candidateInA(fixture)).assessmentId}/candidates`,
      body: { email: `n-${randomUUID()}@example.test`, name: 'New' },
    }),
    expect: organizationRoute('candidates:write', 404),
  },
  'POST /api/assessments/:id/candidates/csv': {
    request: async (fixture) => ({
      path: `/api/assessments/${(await candidateInA(fixture)).assessmentId}/candidates/csv`,
      body: { csv: `name,email\nCsv,csv-${randomUUID()}@example.test\n` },
    }),
    expect: organizationRoute('candidates:write', 404),
  },
  'GET /api/assessments/:id/candidates': {
    request: async (fixture) => ({
      path: `/api/assessments/${(await candidateInA(fixture)).assessmentId}/candidates`,
    }),
    expect: organizationRoute('candidates:read', 404),
  },
  'GET /api/candidates/:id': { request: freshCandidate(), expect: organizationRoute('candidates:read', 404) },
  'POST /api/candidates/:id/resend': {
    request: freshCandidate('/resend', {}),
    expect: organizationRoute('candidates:write', 404),
  },
  'GET /api/candidates/:id/invite-link': {
    request: freshCandidate('/invite-link'),
    expect: organizationRoute('candidates:write', 404),
  },
  'POST /api/candidates/:id/revoke': {
    request: freshCandidate('/revoke', {}),
    expect: organizationRoute('candidates:write', 404),
  },
  'POST /api/candidates/:id/status': {
    request: freshCandidate('/status', { status: 'REJECTED', reason: 'matrix' }, 'COMPLETED'),
    expect: organizationRoute('candidates:write', 404),
  },
  'GET /api/candidates/:id/report': {
    request: freshCandidate('/report'),
    expect: organizationRoute('candidates:read', 404),
  },
  'GET /api/candidates/:id/report/html': {
    request: freshCandidate('/report/html'),
    expect: organizationRoute('candidates:read', 404),
  },
  'GET /api/candidates/:id/report/pdf': {
    request: freshCandidate('/report/pdf'),
    expect: organizationRoute('candidates:read', 404),
  },
  'POST /api/candidates/:id/report/share': {
    request: freshCandidate('/report/share', { expiresInHours: 1 }),
    expect: organizationRoute('candidates:write', 404),
  },
  'GET /api/candidates/:id/report/shares': {
    request: freshCandidate('/report/shares'),
    expect: organizationRoute('candidates:read', 404),
  },
  'DELETE /api/candidates/:id/report/shares/:shareId': {
    request: async (fixture) => {
      const { candidateId, shareId } = await shareInA(fixture);
      return { path: `/api/candidates/${candidateId}/report/shares/${shareId}` };
    },
    expect: organizationRoute('candidates:write', 404),
  },
  // The share token is the key: whoever holds a live link reads the report (without the email),
  // whatever else they carry.
  'GET /api/reports/shared/:token': {
    request: async (fixture) => ({ path: `/api/reports/shared/${(await shareInA(fixture)).token}` }),
    expect: () => 'ok',
  },
  'GET /api/reports/shared/:token/html': {
    request: async (fixture) => ({ path: `/api/reports/shared/${(await shareInA(fixture)).token}/html` }),
    expect: () => 'ok',
  },
  'GET /api/reports/shared/:token/pdf': {
    request: async (fixture) => ({ path: `/api/reports/shared/${(await shareInA(fixture)).token}/pdf` }),
    expect: () => 'ok',
  },
  'GET /api/credits': { request: fixed('/api/credits'), expect: organizationRoute('credits:read') },
  'GET /api/credits/packages': {
    request: fixed('/api/credits/packages'),
    expect: organizationRoute('credits:read'),
  },
  // Packs are the platform's, not an organization's: another organization's OWNER (and the
  // operator, OWNER of its own) gets a checkout for its own organization.
  'POST /api/credits/checkout': {
    request: async (fixture) => ({
      path: '/api/credits/checkout',
      body: { packageId: fixture.creditPackageId },
    }),
    expect: organizationRoute('credits:purchase'),
  },
  // The invitation token is the key: whoever holds the link may read the intro and start.
  'GET /api/interview/start/:token': {
    request: async (fixture) => ({ path: `/api/interview/start/${await inviteToA(fixture)}` }),
    expect: () => 'ok',
  },
  'POST /api/interview/start/:token': {
    request: async (fixture) => ({
      path: `/api/interview/start/${await inviteToA(fixture)}`,
      body: { consent: true },
    }),
    expect: () => 'ok',
  },
  'GET /api/interview/:id': interviewRoute(''),
  'GET /api/interview/:id/files': interviewRoute('/files'),
  'GET /api/interview/:id/file': interviewRoute('/file?path=solution.py'),
  'PUT /api/interview/:id/file': interviewRoute('/file', { path: 'notes.txt', content: 'plan' }),
  'POST /api/interview/:id/file/rename': interviewRoute('/file/rename', {
    from: 'solution.py',
    to: 'main.py',
  }),
  'DELETE /api/interview/:id/file': interviewRoute('/file?path=solution.py'),
  'POST /api/interview/:id/run': interviewRoute('/run', {}),
  'POST /api/interview/:id/submit': interviewRoute('/submit', {}),
  'POST /api/interview/:id/finish': interviewRoute('/finish', {}),
  'POST /api/interview/:id/events/batch': interviewRoute('/events/batch', {
    events: [{ clientSeq: 1, type: 'integrity.focus_lost', data: {} }],
  }),
  'POST /api/interview/:id/chat': interviewRoute('/chat', { message: 'How do I start?' }),
  'GET /api/interview/:id/chat': interviewRoute('/chat'),
  // A plain request to the WebSocket route: authorized callers are told to upgrade (the
  // terminal itself is tested in test/interview with a WebSocket client).
  'GET /api/interview/:id/terminal': {
    ...interviewRoute('/terminal'),
    expect: (actor) => (actor === 'candidateA' ? 404 : actor === 'candidateB' ? 404 : 401),
  },
  'GET /api/sessions/:id/replay': sessionRoute('/replay'),
  'GET /api/sessions/:id/events': sessionRoute('/events?type=integrity.focus_lost'),
  'GET /api/sessions/:id/files': sessionRoute('/files?seq=3'),
  'POST /api/assessments': {
    request: async () => ({ path: '/api/assessments', body: assessmentBody() }),
    expect: organizationRoute('assessments:write'),
  },
  'GET /api/assessments': {
    request: fixed('/api/assessments'),
    expect: organizationRoute('assessments:read'),
  },
  'GET /api/assessments/:id': {
    request: freshAssessment(),
    expect: organizationRoute('assessments:read', 404),
  },
  'PATCH /api/assessments/:id': {
    request: freshAssessment('', { title: 'Renamed' }),
    expect: organizationRoute('assessments:write', 404),
  },
  'POST /api/assessments/:id/duplicate': {
    request: freshAssessment('/duplicate', {}),
    expect: organizationRoute('assessments:write', 404),
  },
  'POST /api/assessments/:id/publish': {
    request: freshAssessment('/publish', {}),
    expect: organizationRoute('assessments:write', 404),
  },
  'POST /api/assessments/:id/archive': {
    request: freshAssessment('/archive', {}),
    expect: organizationRoute('assessments:write', 404),
  },
  'POST /api/seeds': {
    request: async () => ({ path: '/api/seeds', body: seedBody() }),
    expect: organizationRoute('seeds:write'),
  },
  'GET /api/seeds': { request: fixed('/api/seeds'), expect: organizationRoute('seeds:read') },
  'GET /api/seeds/:id': { request: freshSeed(), expect: organizationRoute('seeds:read', 404) },
  'PATCH /api/seeds/:id': {
    request: freshSeed('', { title: 'Renamed seed' }),
    expect: organizationRoute('seeds:write', 404),
  },
  'POST /api/seeds/:id/archive': {
    request: freshSeed('/archive', {}),
    expect: organizationRoute('seeds:write', 404),
  },
  'GET /api/health': { request: fixed('/api/health'), expect: () => 'ok' },
  'GET /api/health/workers': { request: fixed('/api/health/workers'), expect: () => 'ok' },
  'GET /': { request: fixed('/'), expect: () => 'ok' },
  'GET /metrics': { request: fixed('/metrics'), expect: operatorRoute },
  'GET /api/admin/metrics': {
    request: fixed('/api/admin/metrics?series=queue_depth'),
    expect: operatorRoute,
  },
  'GET /api/admin/dlq': { request: fixed('/api/admin/dlq'), expect: operatorRoute },
  'POST /api/admin/dlq': {
    request: fixed('/api/admin/dlq', { action: 'clear', queue: 'notification' }),
    expect: operatorRoute,
  },
  'GET /api/admin/question-cache': { request: fixed('/api/admin/question-cache'), expect: operatorRoute },
  'DELETE /api/admin/question-cache': {
    request: fixed('/api/admin/question-cache?difficulty=hard'),
    expect: operatorRoute,
  },
  'GET /api/admin/outbox': { request: fixed('/api/admin/outbox'), expect: operatorRoute },
  'GET /api/auth/me': { request: fixed('/api/auth/me'), expect: signedInRoute },
  'POST /api/auth/organization': {
    request: async (fixture) => ({ path: '/api/auth/organization', body: { organizationId: fixture.orgA } }),
    // Only members of A may select A.
    expect: (actor) =>
      signedInRoute(actor) !== 'ok'
        ? signedInRoute(actor)
        : actor === 'otherOrgOwner' || actor === 'operator'
          ? 404
          : 'ok',
  },
  'GET /api/api-keys': { request: fixed('/api/api-keys'), expect: organizationRoute('api-keys:manage') },
  'POST /api/api-keys': {
    request: fixed('/api/api-keys', { name: 'matrix' }),
    expect: organizationRoute('api-keys:manage'),
  },
  'DELETE /api/api-keys/:id': {
    request: async (fixture) => {
      const header = await createTestApiKey(fixture.platform.database.db, fixture.orgA);
      const listed = await fetch(`${fixture.platform.url}/api/api-keys`, {
        headers: fixture.headers.OWNER(false),
      });
      const keys = ((await listed.json()) as { keys: Array<{ id: string; prefix: string }> }).keys;
      const prefixOfKey = header.split('_')[1];
      return { path: `/api/api-keys/${keys.find((key) => key.prefix === prefixOfKey)?.id}` };
    },
    expect: organizationRoute('api-keys:manage', 404),
  },
  'GET /api/members': { request: fixed('/api/members'), expect: organizationRoute('members:read') },
  'POST /api/members/invitations': {
    request: async () => ({
      path: '/api/members/invitations',
      body: { email: `m-${randomUUID()}@example.test`, role: 'VIEWER' },
    }),
    expect: organizationRoute('members:manage'),
  },
  'DELETE /api/members/invitations/:id': {
    request: async (fixture) => {
      const [row] = await fixture.platform.database.db
        .insert(memberInvitations)
        .values({
          organizationId: fixture.orgA,
          email: `i-${randomUUID()}@example.test`,
          role: 'VIEWER',
          tokenHash: randomUUID(),
          expiresAt: new Date(Date.now() + 86_400_000),
        })
        .returning();
      return { path: `/api/members/invitations/${row?.id}` };
    },
    expect: organizationRoute('members:manage', 404),
  },
  'PATCH /api/members/:userId': {
    request: async (fixture) => ({
      path: `/api/members/${await freshViewer(fixture)}`,
      body: { role: 'RECRUITER' },
    }),
    expect: organizationRoute('members:manage', 404),
  },
  'DELETE /api/members/:userId': {
    request: async (fixture) => ({ path: `/api/members/${await freshViewer(fixture)}` }),
    expect: organizationRoute('members:manage', 404),
  },
  'GET /api/audit': { request: fixed('/api/audit'), expect: organizationRoute('audit:read') },
  'GET /api/dashboard': { request: fixed('/api/dashboard'), expect: organizationRoute('dashboard:read') },
};

/** Routes anyone may call (they authenticate by what they carry, or need nothing). */
const publicRoutes = new Set([
  'POST /api/auth/signup',
  'POST /api/auth/signin',
  'POST /api/auth/password-reset/request',
  'POST /api/auth/password-reset/confirm',
  'POST /api/members/invitations/accept',
  // Authenticated by its Paddle-Signature (billing.int.test.ts), not by an actor.
  'POST /api/webhooks/paddle',
  // The web app's files and its SPA fallback: public pages; the data behind them is the API's.
  'GET /*',
]);
/** Signing out ends the caller's session: checked apart, on fresh sessions. */
const signOut = 'POST /api/auth/signout';
/** Served by plugins with their own guard (bull-board, checked below) or public docs. */
const pluginPrefixes = ['/docs', '/admin/queues'];

let fixture: Fixture;

beforeAll(async () => {
  const database = await createEmptyDatabase();
  const port = await findFreePort();
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-matrix-')),
    OPERATOR_TOKEN: operatorToken,
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
    // A job still active at teardown (an evaluation on a loaded CI box) must not hold the hook.
    SHUTDOWN_TIMEOUT_MS: '5000',
    PATH: process.env.PATH,
  });
  // Everything in one process: candidate routes run code in the sandbox.
  const platform = await startPlatform({ config, role: 'all', logger: testLogger });
  const db = platform.database.db;
  const owner = await createTestMember(db, { role: 'OWNER' });
  const orgA = owner.organizationId;
  const members = {
    OWNER: owner,
    ADMIN: await createTestMember(db, { role: 'ADMIN', organizationId: orgA }),
    RECRUITER: await createTestMember(db, { role: 'RECRUITER', organizationId: orgA }),
    VIEWER: await createTestMember(db, { role: 'VIEWER', organizationId: orgA }),
    otherOrgOwner: await createTestMember(db, { role: 'OWNER' }),
    operator: await createTestMember(db, { role: 'OWNER', isPlatformAdmin: true }),
  };
  const apiKey = await createTestApiKey(db, orgA);
  const creditPackage = await insertCreditPackage(db, {
    name: 'Matrix pack',
    credits: 10,
    paddlePriceId: `pri_matrix_${randomBytes(6).toString('hex')}`,
    priceCents: 9_900,
    currency: 'EUR',
  });
  // Every candidate row invites someone: enough credits for the whole matrix.
  await db.update(organizations).set({ creditBalance: 10_000 }).where(eq(organizations.id, orgA));
  const memberHeaders = (member: TestMember) => (mutation: boolean) => member.headers(mutation);
  const partial = {
    platform,
    orgA,
    assessmentA: '',
    sessionA: { id: '', credential: '' },
    creditPackageId: creditPackage.id,
    members,
    headers: {
      anonymous: () => ({}),
      VIEWER: memberHeaders(members.VIEWER),
      RECRUITER: memberHeaders(members.RECRUITER),
      ADMIN: memberHeaders(members.ADMIN),
      OWNER: memberHeaders(members.OWNER),
      otherOrgOwner: memberHeaders(members.otherOrgOwner),
      operator: memberHeaders(members.operator),
      operatorToken: () => ({ authorization: `Bearer ${operatorToken}` }),
      apiKey: () => ({ authorization: apiKey }),
      candidateA: () => bearer(partial.sessionA.credential),
      candidateB: () => bearer(sessionB.credential),
    },
  };
  let sessionB: CandidateSession = { id: '', credential: '' };
  fixture = partial;
  partial.assessmentA = await createInA(partial, '/api/assessments', assessmentBody());
  await fetch(`${platform.url}/api/assessments/${partial.assessmentA}/publish`, {
    method: 'POST',
    headers: { ...owner.headers(true), 'content-type': 'application/json' },
    body: '{}',
  });
  partial.sessionA = await startSessionInA(partial);
  sessionB = await startSessionInA(partial);
  (globalThis as { matrixCleanup?: () => Promise<void> }).matrixCleanup = async () => {
    await platform.stop();
    await database.drop();
  };
}, 60_000);

afterAll(async () => {
  await (globalThis as { matrixCleanup?: () => Promise<void> }).matrixCleanup?.();
  await deleteKeysWithPrefix(prefix);
}, 120_000);

function outcome(status: number): Expected | number {
  return status >= 200 && status < 300 ? 'ok' : status;
}

describe('authorization matrix', () => {
  it('has a row for every route the server serves', () => {
    const served = [...new Set(fixture.platform.routes)].filter(
      (route) => !pluginPrefixes.some((pluginPrefix) => route.split(' ')[1]?.startsWith(pluginPrefix)),
    );
    const known = new Set([...Object.keys(routeCases), ...publicRoutes, signOut]);
    expect(served.filter((route) => !known.has(route)).sort()).toEqual([]);
    expect([...known].filter((route) => !served.includes(route)).sort()).toEqual([]);
  });

  it('answers every route × actor as the permission table says, never 5xx', async () => {
    const mismatches: string[] = [];
    for (const [route, routeCase] of Object.entries(routeCases)) {
      const [method = 'GET'] = route.split(' ');
      for (const actor of actorNames) {
        const { path: pathName, body, headers } = await routeCase.request(fixture, actor);
        const response = await fetch(`${fixture.platform.url}${pathName}`, {
          method,
          headers: {
            ...(headers ?? fixture.headers[actor](method !== 'GET')),
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        const got = outcome(response.status);
        const wanted = routeCase.expect(actor);
        if (got !== wanted)
          mismatches.push(`${route} as ${actor}: got ${response.status}, expected ${wanted}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('refuses a cookie mutation without its CSRF header', async () => {
    const response = await fetch(`${fixture.platform.url}/api/api-keys`, {
      method: 'POST',
      headers: { ...fixture.members.OWNER.headers(false), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'no csrf' }),
    });
    expect(response.status).toBe(403);
  });

  it('signs out only the caller, with its CSRF header', async () => {
    const member = await createTestMember(fixture.platform.database.db, {
      role: 'VIEWER',
      organizationId: fixture.orgA,
    });
    expect((await fetch(`${fixture.platform.url}/api/auth/signout`, { method: 'POST' })).status).toBe(401);
    expect(
      (
        await fetch(`${fixture.platform.url}/api/auth/signout`, {
          method: 'POST',
          headers: member.headers(false),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await fetch(`${fixture.platform.url}/api/auth/signout`, {
          method: 'POST',
          headers: member.headers(true),
        })
      ).status,
    ).toBe(200);
    expect((await fetch(`${fixture.platform.url}/api/auth/me`, { headers: member.headers() })).status).toBe(
      401,
    );
    expect(
      (await fetch(`${fixture.platform.url}/api/auth/me`, { headers: fixture.members.VIEWER.headers() }))
        .status,
    ).toBe(200);
  });

  it('keeps bull-board for operators: 401 anonymous, 403 members, 200 operators', async () => {
    const url = `${fixture.platform.url}/admin/queues`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: fixture.members.OWNER.headers() })).status).toBe(403);
    expect((await fetch(url, { headers: fixture.members.operator.headers() })).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: `Bearer ${operatorToken}` } })).status).toBe(200);
  });
});
