/**
 * Sign-up, sign-in, lockout, sessions with CSRF (also handed out again by GET /api/auth/me), the
 * caller's permissions, password reset and API keys over real HTTP on a real database.
 */

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMember } from '../../../test/support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { auditLogs, organizations } from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import { createAuthService, type OutgoingEmail } from './auth.service.ts';
import { createAuthGuard } from './auth-guard.routes.ts';
import { permissions, rolePermissions, roles } from './permissions.ts';

let database: TestDatabase;
let app: HttpServer;
let base: string;
const sent: OutgoingEmail[] = [];

interface Answer {
  status: number;
  body: Record<string, unknown>;
  cookie: string | undefined;
  setCookie: string | null;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const setCookie = response.headers.get('set-cookie');
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    cookie: setCookie?.split(';')[0],
    setCookie,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  const guard = createAuthGuard({ db: database.handle.db });
  const auth = createAuthService({
    db: database.handle.db,
    appUrl: 'http://app.test',
    trialCredits: 3,
    sendEmail: async (email) => sent.push(email),
  });
  registerAuthRoutes(app, { db: database.handle.db, guard, auth, attemptsPerMinute: 1_000 });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('sign-up and sessions', () => {
  it('creates the organization with the user as OWNER and trial credits, and signs in with an httpOnly cookie', async () => {
    const signup = await call('POST', '/api/auth/signup', {
      email: 'Ada@Example.test',
      password: 'correct horse battery',
      name: 'Ada',
      organizationName: 'Analytical Engines',
    });
    expect(signup.status).toBe(201);
    expect(signup.setCookie).toMatch(/ilm_session=[^;]+;.*HttpOnly/i);
    expect(signup.setCookie).toMatch(/SameSite=Lax/i);
    expect(signup.body).toMatchObject({
      success: true,
      user: { email: 'ada@example.test' },
      organization: { name: 'Analytical Engines' },
    });
    const organizationId = (signup.body.organization as { id: string }).id;
    const [organization] = await database.handle.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    expect(organization?.creditBalance).toBe(3);

    const me = await call('GET', '/api/auth/me', undefined, { cookie: signup.cookie ?? '' });
    expect(me.body).toMatchObject({
      user: { email: 'ada@example.test' },
      organization: { role: 'OWNER', organizationId },
    });

    const again = await call('POST', '/api/auth/signup', {
      email: 'ada@example.test',
      password: 'another password',
      name: 'A',
      organizationName: 'Other',
    });
    expect(again.status).toBe(409);
    const invalid = await call('POST', '/api/auth/signup', {
      email: 'not-an-email',
      password: 'short',
      name: '',
      organizationName: 'x',
    });
    expect(invalid.status).toBe(400);

    // Signing out is a cookie mutation: without the CSRF header it is refused.
    expect((await call('POST', '/api/auth/signout', undefined, { cookie: signup.cookie ?? '' })).status).toBe(
      403,
    );
    const out = await call('POST', '/api/auth/signout', undefined, {
      cookie: signup.cookie ?? '',
      'x-csrf-token': String(signup.body.csrfToken),
    });
    expect(out.status).toBe(200);
    expect((await call('GET', '/api/auth/me', undefined, { cookie: signup.cookie ?? '' })).status).toBe(401);
    const audits = await database.handle.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.organizationId, organizationId));
    expect(audits.map((entry) => entry.action)).toContain('organization.created');
  });

  it('signs in with the right password only, and locks the account after 5 failures', async () => {
    await call('POST', '/api/auth/signup', {
      email: 'grace@example.test',
      password: 'the right password',
      name: 'Grace',
      organizationName: 'Compilers',
    });
    const good = await call('POST', '/api/auth/signin', {
      email: 'GRACE@example.test',
      password: 'the right password',
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({
      user: { email: 'grace@example.test' },
      organization: { name: 'Compilers' },
    });
    const unknown = await call('POST', '/api/auth/signin', {
      email: 'nobody@example.test',
      password: 'whatever it is',
    });
    expect(unknown).toMatchObject({
      status: 401,
      body: { error: { message: 'Email or password is wrong' } },
    });

    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await call('POST', '/api/auth/signin', { email: 'grace@example.test', password: `wrong ${i}` }))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await call('POST', '/api/auth/signin', {
      email: 'grace@example.test',
      password: 'the right password',
    });
    expect(locked.status).toBe(429);
    expect(String((locked.body.error as { message: string }).message)).toContain('try again in');
  });
});

describe('password reset', () => {
  it('emails a single-use link; the new password works, old sessions end, the link cannot be reused', async () => {
    const signup = await call('POST', '/api/auth/signup', {
      email: 'linus@example.test',
      password: 'old password here',
      name: 'Linus',
      organizationName: 'Kernels',
    });
    const unknown = await call('POST', '/api/auth/password-reset/request', { email: 'ghost@example.test' });
    expect(unknown.status).toBe(202);
    expect(sent.filter((email) => email.to === 'ghost@example.test')).toHaveLength(0);

    expect(
      (await call('POST', '/api/auth/password-reset/request', { email: 'linus@example.test' })).status,
    ).toBe(202);
    const email = sent.find((message) => message.to === 'linus@example.test');
    const token = /token=([A-Za-z0-9_-]+)/.exec(email?.text ?? '')?.[1] ?? '';
    expect(email?.text).toContain('http://app.test/reset-password?token=');

    expect(
      (await call('POST', '/api/auth/password-reset/confirm', { token, password: 'brand new password' }))
        .status,
    ).toBe(200);
    expect(
      (await call('POST', '/api/auth/password-reset/confirm', { token, password: 'another new one!' }))
        .status,
    ).toBe(410);
    expect((await call('GET', '/api/auth/me', undefined, { cookie: signup.cookie ?? '' })).status).toBe(401);
    expect(
      (await call('POST', '/api/auth/signin', { email: 'linus@example.test', password: 'old password here' }))
        .status,
    ).toBe(401);
    expect(
      (
        await call('POST', '/api/auth/signin', {
          email: 'linus@example.test',
          password: 'brand new password',
        })
      ).status,
    ).toBe(200);
  });
});

describe('API keys', () => {
  it('shows a key once, lets it act as a RECRUITER, and revokes it; VIEWERs cannot manage keys', async () => {
    const owner = await createTestMember(database.handle.db, { role: 'OWNER' });
    const created = await call('POST', '/api/api-keys', { name: 'ATS sync' }, owner.headers(true));
    expect(created.status).toBe(201);
    const key = String(created.body.key);
    expect(key).toMatch(/^ilm_[0-9a-f]{8}_/);

    const listed = await call('GET', '/api/api-keys', undefined, owner.headers());
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.keys).toHaveLength(1);

    // The key is a RECRUITER: it may not manage keys itself.
    expect((await call('GET', '/api/api-keys', undefined, { authorization: `Bearer ${key}` })).status).toBe(
      403,
    );
    const viewer = await createTestMember(database.handle.db, {
      role: 'VIEWER',
      organizationId: owner.organizationId,
    });
    expect((await call('POST', '/api/api-keys', { name: 'nope' }, viewer.headers(true))).status).toBe(403);

    const id = String(created.body.id);
    expect((await call('DELETE', `/api/api-keys/${id}`, undefined, owner.headers(true))).status).toBe(200);
    expect((await call('GET', '/api/api-keys', undefined, { authorization: `Bearer ${key}` })).status).toBe(
      401,
    );
    const stranger = await createTestMember(database.handle.db, { role: 'OWNER' });
    expect((await call('DELETE', `/api/api-keys/${id}`, undefined, stranger.headers(true))).status).toBe(404);
  });
});

describe('GET /api/auth/me after a page reload', () => {
  it("hands out the session's CSRF token again, which lets mutations through, and no other session's", async () => {
    const signup = await call('POST', '/api/auth/signup', {
      email: 'barbara@example.test',
      password: 'a long password',
      name: 'Barbara',
      organizationName: 'Liskov Labs',
    });
    const cookie = signup.cookie ?? '';
    // The page reloaded and kept nothing: only the cookie goes with the request.
    const me = await call('GET', '/api/auth/me', undefined, { cookie });
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(signup.body.csrfToken);
    const raw = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
    expect(raw.headers.get('cache-control')).toBe('no-store');

    const csrfToken = String(me.body.csrfToken);
    const created = await call(
      'POST',
      '/api/api-keys',
      { name: 'after reload' },
      { cookie, 'x-csrf-token': csrfToken },
    );
    expect(created.status).toBe(201);

    // Another session's token does not fit this cookie, nor does this one fit another cookie.
    const other = await createTestMember(database.handle.db, { role: 'OWNER' });
    const otherMe = await call('GET', '/api/auth/me', undefined, other.headers());
    expect(otherMe.body.csrfToken).not.toBe(csrfToken);
    const crossed = await call(
      'POST',
      '/api/api-keys',
      { name: 'x' },
      { cookie, 'x-csrf-token': String(otherMe.body.csrfToken) },
    );
    expect(crossed.status).toBe(403);
    const reversed = await call(
      'POST',
      '/api/api-keys',
      { name: 'x' },
      { cookie: other.cookie, 'x-csrf-token': csrfToken },
    );
    expect(reversed.status).toBe(403);

    // A session whose row holds a random CSRF token (written directly) accepts both tokens.
    expect((await call('POST', '/api/api-keys', { name: 'stored' }, other.headers(true))).status).toBe(201);
    const derived = await call(
      'POST',
      '/api/api-keys',
      { name: 'derived' },
      {
        cookie: other.cookie,
        'x-csrf-token': String(otherMe.body.csrfToken),
      },
    );
    expect(derived.status).toBe(201);

    // Without a session there is no token to hand out.
    expect((await call('GET', '/api/auth/me')).status).toBe(401);
  });

  it("serves the caller's permissions and grantable roles from the server's table", async () => {
    const owner = await createTestMember(database.handle.db, { role: 'OWNER' });
    for (const role of roles) {
      const member =
        role === 'OWNER'
          ? owner
          : await createTestMember(database.handle.db, { role, organizationId: owner.organizationId });
      const me = await call('GET', '/api/auth/me', undefined, member.headers());
      expect(me.status, role).toBe(200);
      expect(me.body.organization, role).toMatchObject({ organizationId: owner.organizationId, role });
      expect(me.body.permissions, role).toEqual(permissions.filter((p) => rolePermissions[role].has(p)));
    }
    const viewer = await createTestMember(database.handle.db, {
      role: 'VIEWER',
      organizationId: owner.organizationId,
    });
    const seen = await call('GET', '/api/auth/me', undefined, viewer.headers());
    expect(seen.body.permissions).toContain('candidates:read');
    expect(seen.body.permissions).not.toContain('candidates:write');
    expect(seen.body.assignableRoles).toEqual([]);
    const admin = await createTestMember(database.handle.db, {
      role: 'ADMIN',
      organizationId: owner.organizationId,
    });
    expect((await call('GET', '/api/auth/me', undefined, admin.headers())).body.assignableRoles).toEqual([
      'ADMIN',
      'RECRUITER',
      'VIEWER',
    ]);
    expect((await call('GET', '/api/auth/me', undefined, owner.headers())).body.assignableRoles).toEqual([
      ...roles,
    ]);
  });
});
