/**
 * Signed-in actors for route tests: an organization with a member of a given role and a live
 * session (cookie and CSRF token), or an API key — written straight to the database, so tests of
 * other modules do not depend on the sign-up routes.
 */
import { randomBytes } from 'node:crypto';
import { insertApiKey, insertLoginSession } from '../../src/modules/accounts/accounts.repository.ts';
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../../src/modules/accounts/auth-guard.routes.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { hashSecret, newApiKey, newSecret } from '../../src/modules/accounts/tokens.service.ts';
import type { Database } from '../../src/platform/db/client.ts';
import { memberships, organizations, users } from '../../src/platform/db/schema/index.ts';

export interface TestMember {
  organizationId: string;
  userId: string;
  role: Role;
  /** `Cookie` header value. */
  cookie: string;
  csrfToken: string;
  /** Headers for a request by this member; mutations also carry the CSRF header. */
  headers(mutation?: boolean): Record<string, string>;
}

/** A new organization (credits: `credits`, default 10). */
export async function createTestOrganization(db: Database, credits = 10): Promise<string> {
  const [organization] = await db
    .insert(organizations)
    .values({
      name: `Org ${randomBytes(3).toString('hex')}`,
      slug: `org-${randomBytes(6).toString('hex')}`,
      creditBalance: credits,
    })
    .returning();
  if (!organization) throw new Error('no organization');
  return organization.id;
}

/** A user with `role` in `organizationId` (a new organization when absent), signed in. */
export async function createTestMember(
  db: Database,
  options: { role?: Role; organizationId?: string; isPlatformAdmin?: boolean } = {},
): Promise<TestMember> {
  const organizationId = options.organizationId ?? (await createTestOrganization(db));
  const role = options.role ?? 'OWNER';
  const [user] = await db
    .insert(users)
    .values({
      email: `member-${randomBytes(6).toString('hex')}@example.test`,
      name: 'Test Member',
      passwordHash: null,
      isPlatformAdmin: options.isPlatformAdmin ?? false,
    })
    .returning();
  if (!user) throw new Error('no user');
  await db.insert(memberships).values({ organizationId, userId: user.id, role });
  const token = newSecret();
  const csrfToken = newSecret();
  await insertLoginSession(db, {
    userId: user.id,
    organizationId,
    tokenHash: hashSecret(token),
    csrfTokenHash: hashSecret(csrfToken),
    expiresAt: new Date(Date.now() + SESSION_IDLE_MS),
  });
  const cookie = `${SESSION_COOKIE}=${token}`;
  return {
    organizationId,
    userId: user.id,
    role,
    cookie,
    csrfToken,
    headers: (mutation = false) => ({ cookie, ...(mutation ? { 'x-csrf-token': csrfToken } : {}) }),
  };
}

/** A live API key of `organizationId`; resolves with the `Authorization` header value. */
export async function createTestApiKey(db: Database, organizationId: string): Promise<string> {
  const { key, prefix, hash } = newApiKey();
  await insertApiKey(db, {
    organizationId,
    name: 'test key',
    prefix,
    keyHash: hash,
    createdByUserId: null,
    expiresAt: null,
  });
  return `Bearer ${key}`;
}
