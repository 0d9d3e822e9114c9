/** Users, organizations, memberships, sign-in sessions and API keys in the database. */
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import {
  apiKeys,
  auditLogs,
  loginSessions,
  memberships,
  organizations,
  users,
} from '../../platform/db/schema/index.ts';
import type { JsonObject } from '../../platform/db/schema/types.ts';
import type { Actor, Role } from './permissions.ts';

export async function findUserByEmail(db: Database, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function findUser(db: Database, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row;
}

/**
 * Creates an organization with `user` as its OWNER, in one transaction with the user. The
 * organization starts with `creditBalance` credits; `inTransaction` runs last in the same
 * transaction (the trial credits' ledger entry), so a failure there undoes the whole sign-up.
 */
export async function createUserWithOrganization(
  db: Database,
  input: {
    email: string;
    name: string;
    passwordHash: string;
    organizationName: string;
    slug: string;
    creditBalance: number;
  },
  inTransaction?: (tx: Database, created: { userId: string; organizationId: string }) => Promise<void>,
) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email.toLowerCase(), name: input.name, passwordHash: input.passwordHash })
      .returning();
    const [organization] = await tx
      .insert(organizations)
      .values({ name: input.organizationName, slug: input.slug, creditBalance: input.creditBalance })
      .returning();
    if (!user || !organization) throw new Error('sign-up rows were not created');
    await tx.insert(memberships).values({ organizationId: organization.id, userId: user.id, role: 'OWNER' });
    if (!inTransaction) return { user, organization };
    await inTransaction(tx, { userId: user.id, organizationId: organization.id });
    // The hook may have changed the balance: answer with the row as committed.
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, organization.id));
    return { user, organization: current ?? organization };
  });
}

export async function organizationSlugTaken(db: Database, slug: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  return Boolean(row);
}

/** The user's memberships, oldest first (the first is the default organization). */
export async function membershipsOf(db: Database, userId: string) {
  return db
    .select({ organizationId: memberships.organizationId, role: memberships.role, name: organizations.name })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(memberships.createdAt);
}

export async function membershipOf(db: Database, userId: string, organizationId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, organizationId)));
  return row;
}

/** Records a failed password; locks the account for `lockMs` once `maxFailures` is reached. */
export async function recordFailedLogin(db: Database, userId: string, maxFailures: number, lockMs: number) {
  const [row] = await db
    .update(users)
    .set({
      failedLoginCount: sql`${users.failedLoginCount} + 1`,
      lockedUntil: sql`CASE WHEN ${users.failedLoginCount} + 1 >= ${maxFailures} THEN now() + (${lockMs} || ' milliseconds')::interval ELSE ${users.lockedUntil} END`,
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId))
    .returning({ failedLoginCount: users.failedLoginCount, lockedUntil: users.lockedUntil });
  return row;
}

export async function recordSuccessfulLogin(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date(), updatedAt: new Date() })
    .where(eq(users.id, userId));
}

export async function setPassword(db: Database, userId: string, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, failedLoginCount: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

export async function insertLoginSession(
  db: Database,
  input: {
    userId: string;
    organizationId: string | null;
    tokenHash: string;
    csrfTokenHash: string;
    expiresAt: Date;
    ip?: string | undefined;
    userAgent?: string | undefined;
  },
) {
  const [row] = await db
    .insert(loginSessions)
    .values({ ...input, ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 300) ?? null })
    .returning();
  if (!row) throw new Error('the session was not created');
  return row;
}

/** The live session of a cookie token, with its user; undefined when unknown or expired. */
export async function findLiveSession(db: Database, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ session: loginSessions, user: users })
    .from(loginSessions)
    .innerJoin(users, eq(users.id, loginSessions.userId))
    .where(and(eq(loginSessions.tokenHash, tokenHash), gt(loginSessions.expiresAt, now)));
  return row;
}

export async function touchSession(db: Database, sessionId: string, expiresAt: Date): Promise<void> {
  await db
    .update(loginSessions)
    .set({ lastSeenAt: new Date(), expiresAt })
    .where(eq(loginSessions.id, sessionId));
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(loginSessions).where(eq(loginSessions.id, sessionId));
}

export async function deleteSessionsOfUser(db: Database, userId: string): Promise<void> {
  await db.delete(loginSessions).where(eq(loginSessions.userId, userId));
}

export async function selectSessionOrganization(db: Database, sessionId: string, organizationId: string) {
  await db.update(loginSessions).set({ organizationId }).where(eq(loginSessions.id, sessionId));
}

/** A live API key by its hash. */
export async function findLiveApiKey(db: Database, keyHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.keyHash, keyHash),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    );
  return row;
}

export async function touchApiKey(db: Database, apiKeyId: string): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, apiKeyId));
}

export async function insertApiKey(
  db: Database,
  input: {
    organizationId: string;
    name: string;
    prefix: string;
    keyHash: string;
    createdByUserId: string | null;
    expiresAt: Date | null;
  },
) {
  const [row] = await db.insert(apiKeys).values(input).returning();
  if (!row) throw new Error('the API key was not created');
  return row;
}

export async function listApiKeys(db: Database, organizationId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.organizationId, organizationId))
    .orderBy(apiKeys.createdAt);
}

/** Revokes a key of `organizationId`; false when there is no such live key there. */
export async function revokeApiKey(db: Database, organizationId: string, apiKeyId: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(apiKeys.id, apiKeyId), eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)),
    )
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** Marks the user of `email` as a platform operator, creating the account when there is none. */
export async function upsertPlatformOperator(
  db: Database,
  input: { email: string; name: string; passwordHash: string },
): Promise<{ created: boolean }> {
  const email = input.email.toLowerCase();
  const updated = await db
    .update(users)
    .set({ isPlatformAdmin: true, updatedAt: new Date() })
    .where(eq(users.email, email))
    .returning({ id: users.id });
  if (updated.length > 0) return { created: false };
  await db
    .insert(users)
    .values({ email, name: input.name, passwordHash: input.passwordHash, isPlatformAdmin: true });
  return { created: true };
}

/** One audit entry for a member's, API key's or operator's mutation. */
export async function audit(
  db: Database,
  actor: Actor | { kind: 'cli' } | { kind: 'system' },
  entry: {
    organizationId: string | null;
    action: string;
    targetType?: string;
    targetId?: string;
    data?: JsonObject;
    ip?: string;
  },
): Promise<void> {
  await db.insert(auditLogs).values({
    organizationId: entry.organizationId,
    actorKind: actor.kind,
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorApiKeyId: actor.kind === 'api_key' ? actor.apiKeyId : null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
    ip: entry.ip ?? null,
  });
}

export type { Role };
