/** Teammates over real HTTP: invitations, acceptance, roles, removal, and the last-OWNER rule. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMember } from '../../../test/support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import { createAuthService, type OutgoingEmail } from './auth.service.ts';
import { createAuthGuard } from './auth-guard.routes.ts';
import { registerMemberRoutes } from './members.routes.ts';

let database: TestDatabase;
let app: HttpServer;
let base: string;
const sent: OutgoingEmail[] = [];

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    cookie: response.headers.get('set-cookie')?.split(';')[0],
  };
}

const tokenOf = (to: string) =>
  /token=([A-Za-z0-9_-]+)/.exec(sent.filter((email) => email.to === to).at(-1)?.text ?? '')?.[1] ?? '';

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  const db = database.handle.db;
  const guard = createAuthGuard({ db });
  const sendEmail = async (email: OutgoingEmail) => sent.push(email);
  registerAuthRoutes(app, {
    db,
    guard,
    auth: createAuthService({ db, appUrl: 'http://app.test', trialCredits: 3, sendEmail }),
    attemptsPerMinute: 1_000,
  });
  registerMemberRoutes(app, { db, guard, appUrl: 'http://app.test', sendEmail });
  registerAuditRoutes(app, { db, guard });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('teammates', () => {
  it('invites by email; the link creates the account, signs it in with the role; re-inviting kills the old link', async () => {
    const owner = await createTestMember(database.handle.db, { role: 'OWNER' });
    const invited = await call(
      'POST',
      '/api/members/invitations',
      { email: 'Rita@Example.test', role: 'RECRUITER' },
      owner.headers(true),
    );
    expect(invited.status).toBe(201);
    const firstToken = tokenOf('rita@example.test');
    expect(sent.at(-1)?.text).toContain(`http://app.test/join?token=${firstToken}`);
    await call(
      'POST',
      '/api/members/invitations',
      { email: 'rita@example.test', role: 'RECRUITER' },
      owner.headers(true),
    );
    const secondToken = tokenOf('rita@example.test');
    expect(secondToken).not.toBe(firstToken);
    expect(
      (
        await call('POST', '/api/members/invitations/accept', {
          token: firstToken,
          name: 'Rita',
          password: 'a long password',
        })
      ).status,
    ).toBe(410);

    const accepted = await call('POST', '/api/members/invitations/accept', {
      token: secondToken,
      name: 'Rita',
      password: 'a long password',
    });
    expect(accepted.status).toBe(200);
    const me = await call('GET', '/api/auth/me', undefined, { cookie: accepted.cookie ?? '' });
    expect(me.body).toMatchObject({
      organization: { organizationId: owner.organizationId, role: 'RECRUITER' },
    });
    expect(
      (
        await call('POST', '/api/members/invitations/accept', {
          token: secondToken,
          name: 'Rita',
          password: 'a long password',
        })
      ).status,
    ).toBe(410);

    const members = await call('GET', '/api/members', undefined, owner.headers());
    expect(
      (members.body.members as Array<{ email: string; role: string }>).map((member) => member.role).sort(),
    ).toEqual(['OWNER', 'RECRUITER']);
  });

  it('an existing account joins with its own password', async () => {
    const owner = await createTestMember(database.handle.db, { role: 'OWNER' });
    await call('POST', '/api/auth/signup', {
      email: 'sam@example.test',
      password: 'sam password 123',
      name: 'Sam',
      organizationName: 'Sam Co',
    });
    await call(
      'POST',
      '/api/members/invitations',
      { email: 'sam@example.test', role: 'VIEWER' },
      owner.headers(true),
    );
    const token = tokenOf('sam@example.test');
    expect(
      (await call('POST', '/api/members/invitations/accept', { token, password: 'not the password' })).status,
    ).toBe(401);
    expect(
      (await call('POST', '/api/members/invitations/accept', { token, password: 'sam password 123' })).status,
    ).toBe(200);
  });

  it('nobody grants more than their role, and the organization keeps an OWNER', async () => {
    const owner = await createTestMember(database.handle.db, { role: 'OWNER' });
    const admin = await createTestMember(database.handle.db, {
      role: 'ADMIN',
      organizationId: owner.organizationId,
    });
    const recruiter = await createTestMember(database.handle.db, {
      role: 'RECRUITER',
      organizationId: owner.organizationId,
    });
    expect(
      (
        await call(
          'POST',
          '/api/members/invitations',
          { email: 'x@example.test', role: 'OWNER' },
          admin.headers(true),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          'POST',
          '/api/members/invitations',
          { email: 'x@example.test', role: 'VIEWER' },
          recruiter.headers(true),
        )
      ).status,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/members/${owner.userId}`, { role: 'VIEWER' }, admin.headers(true))).status,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/members/${owner.userId}`, { role: 'ADMIN' }, owner.headers(true))).status,
    ).toBe(409);
    expect(
      (await call('DELETE', `/api/members/${owner.userId}`, undefined, owner.headers(true))).status,
    ).toBe(409);
    expect(
      (await call('PATCH', `/api/members/${recruiter.userId}`, { role: 'VIEWER' }, admin.headers(true)))
        .status,
    ).toBe(200);
    expect(
      (await call('DELETE', `/api/members/${recruiter.userId}`, undefined, admin.headers(true))).status,
    ).toBe(200);
    const stranger = await createTestMember(database.handle.db, { role: 'OWNER' });
    expect(
      (await call('DELETE', `/api/members/${admin.userId}`, undefined, stranger.headers(true))).status,
    ).toBe(404);
    // A removed member's session no longer reaches the organization.
    expect((await call('GET', '/api/members', undefined, recruiter.headers())).status).toBe(403);

    const log = await call('GET', '/api/audit?limit=10', undefined, owner.headers());
    const actions = (log.body.entries as Array<{ action: string }>).map((entry) => entry.action);
    expect(actions.slice(0, 2)).toEqual(['member.removed', 'member.role_changed']);
    expect((await call('GET', '/api/audit', undefined, admin.headers())).status).toBe(200);
    const viewer = await createTestMember(database.handle.db, {
      role: 'VIEWER',
      organizationId: owner.organizationId,
    });
    expect((await call('GET', '/api/audit', undefined, viewer.headers())).status).toBe(403);
  });
});
