/**
 * Teammates: list members and open invitations, invite by email (a single-use link, one open
 * invitation per address), accept (new account or existing one), change roles, remove. Nobody
 * grants more than their own role, and an organization always keeps an OWNER.
 */
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import { memberInvitations, memberships, users } from '../../platform/db/schema/index.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { audit, findUserByEmail, insertLoginSession, membershipOf } from './accounts.repository.ts';
import type { OutgoingEmail } from './auth.service.ts';
import { type AuthGuard, actorOf, SESSION_COOKIE, SESSION_IDLE_MS } from './auth-guard.routes.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { type Actor, assignableRoles, type Role, roles } from './permissions.ts';
import { csrfTokenFor, hashSecret, newSecret } from './tokens.service.ts';

const INVITATION_MS = 7 * 24 * 60 * 60 * 1000;
const RoleSchema = z.enum(roles);

function assertMayGrant(actor: Actor, role: Role): void {
  if (!assignableRoles(actor.role).includes(role)) {
    throw new AppError('FORBIDDEN', `A ${actor.role} cannot give the ${role} role`);
  }
}

async function ownerCount(db: Database, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ owners: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'OWNER')));
  return row?.owners ?? 0;
}

async function signInAfterAccept(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  organizationId: string,
) {
  const token = newSecret();
  const csrfToken = csrfTokenFor(token);
  const expiresAt = new Date(Date.now() + SESSION_IDLE_MS);
  await insertLoginSession(db, {
    userId,
    organizationId,
    tokenHash: hashSecret(token),
    csrfTokenHash: hashSecret(csrfToken),
    expiresAt,
    ip: request.ip,
  });
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    expires: expiresAt,
  });
  return csrfToken;
}

export function registerMemberRoutes(
  app: HttpServer,
  options: {
    db: Database;
    guard: AuthGuard;
    appUrl: string;
    sendEmail: (email: OutgoingEmail) => Promise<unknown>;
  },
): void {
  const { db, guard } = options;

  app.get(
    '/api/members',
    {
      preHandler: guard.require('members:read'),
      schema: { tags: ['accounts'], summary: 'Members and open invitations' },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const [members, invitations] = await Promise.all([
        db
          .select({
            userId: users.id,
            email: users.email,
            name: users.name,
            role: memberships.role,
            since: memberships.createdAt,
          })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(eq(memberships.organizationId, organizationId))
          .orderBy(memberships.createdAt),
        db
          .select({
            id: memberInvitations.id,
            email: memberInvitations.email,
            role: memberInvitations.role,
            expiresAt: memberInvitations.expiresAt,
          })
          .from(memberInvitations)
          .where(
            and(
              eq(memberInvitations.organizationId, organizationId),
              isNull(memberInvitations.acceptedAt),
              isNull(memberInvitations.revokedAt),
            ),
          ),
      ]);
      return { success: true, members, invitations };
    },
  );

  app.post(
    '/api/members/invitations',
    {
      preHandler: guard.require('members:manage'),
      schema: {
        tags: ['accounts'],
        summary: 'Invite a teammate by email',
        body: z.object({ email: z.email().transform((email) => email.toLowerCase()), role: RoleSchema }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      assertMayGrant(actor, request.body.role);
      const existing = await findUserByEmail(db, request.body.email);
      if (existing && (await membershipOf(db, existing.id, actor.organizationId))) {
        throw new AppError('CONFLICT', 'This person is already a member');
      }
      const token = newSecret();
      const values = {
        organizationId: actor.organizationId,
        email: request.body.email,
        role: request.body.role,
        tokenHash: hashSecret(token),
        expiresAt: new Date(Date.now() + INVITATION_MS),
        invitedByUserId: actor.kind === 'user' ? actor.userId : null,
      };
      // One open invitation per address: inviting again rotates its token (the old link dies).
      const [open] = await db
        .select({ id: memberInvitations.id })
        .from(memberInvitations)
        .where(
          and(
            eq(memberInvitations.organizationId, actor.organizationId),
            eq(memberInvitations.email, request.body.email),
            isNull(memberInvitations.acceptedAt),
            isNull(memberInvitations.revokedAt),
          ),
        );
      const [row] = open
        ? await db
            .update(memberInvitations)
            .set({ ...values, updatedAt: new Date() })
            .where(eq(memberInvitations.id, open.id))
            .returning()
        : await db.insert(memberInvitations).values(values).returning();
      if (!row) throw new Error('the invitation was not stored');
      await audit(db, actor, {
        organizationId: actor.organizationId,
        action: 'member.invited',
        targetType: 'member_invitation',
        targetId: row.id,
        data: { email: row.email, role: row.role },
      });
      const link = `${options.appUrl}/join?token=${token}`;
      await options.sendEmail({
        to: row.email,
        subject: 'You are invited to an InterviewLM organization',
        text: `You have been invited to join an organization on InterviewLM as ${row.role}.\n\nAccept within 7 days:\n${link}`,
        template: 'member-invitation',
        organizationId: actor.organizationId,
      });
      return reply.status(201).send({
        success: true,
        invitation: { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt },
        link,
      });
    },
  );

  app.post(
    '/api/members/invitations/accept',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['accounts'],
        summary:
          'Accept a teammate invitation: creates the account, or confirms an existing one with its password',
        body: z.object({
          token: z.string().min(20).max(200),
          name: z.string().trim().min(1).max(120).optional(),
          password: z.string().min(1).max(200),
        }),
      },
    },
    async (request, reply) => {
      const [invitation] = await db
        .select()
        .from(memberInvitations)
        .where(
          and(
            eq(memberInvitations.tokenHash, hashSecret(request.body.token)),
            isNull(memberInvitations.acceptedAt),
            isNull(memberInvitations.revokedAt),
            gt(memberInvitations.expiresAt, new Date()),
          ),
        );
      if (!invitation)
        throw new AppError('GONE', 'This invitation is invalid, used, revoked or expired; ask for a new one');
      let user = await findUserByEmail(db, invitation.email);
      if (user) {
        if (!user.passwordHash || !(await verifyPassword(user.passwordHash, request.body.password))) {
          throw new AppError('UNAUTHORIZED', 'An account with this email exists: enter its password to join');
        }
      } else {
        if (!request.body.name)
          throw new AppError('VALIDATION_FAILED', 'Your name is needed to create the account');
        if (request.body.password.length < 10)
          throw new AppError('VALIDATION_FAILED', 'The password must be at least 10 characters');
        [user] = await db
          .insert(users)
          .values({
            email: invitation.email,
            name: request.body.name,
            passwordHash: await hashPassword(request.body.password),
            emailVerifiedAt: new Date(),
          })
          .returning();
      }
      if (!user) throw new Error('no user');
      const userId = user.id;
      await db.transaction(async (tx) => {
        await tx
          .update(memberInvitations)
          .set({ acceptedAt: new Date(), acceptedByUserId: userId, updatedAt: new Date() })
          .where(eq(memberInvitations.id, invitation.id));
        await tx
          .insert(memberships)
          .values({ organizationId: invitation.organizationId, userId, role: invitation.role })
          .onConflictDoNothing();
      });
      await audit(
        db,
        {
          kind: 'user',
          userId,
          organizationId: invitation.organizationId,
          role: invitation.role as Role,
          sessionId: '',
          isPlatformAdmin: false,
        },
        {
          organizationId: invitation.organizationId,
          action: 'member.joined',
          targetType: 'user',
          targetId: userId,
        },
      );
      const csrfToken = await signInAfterAccept(db, request, reply, userId, invitation.organizationId);
      return { success: true, organizationId: invitation.organizationId, role: invitation.role, csrfToken };
    },
  );

  app.delete(
    '/api/members/invitations/:id',
    {
      preHandler: guard.require('members:manage'),
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an open invitation',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await db
        .update(memberInvitations)
        .set({ revokedAt: new Date(), updatedAt: new Date() })
        .where(
          and(
            eq(memberInvitations.id, request.params.id),
            eq(memberInvitations.organizationId, actor.organizationId),
            isNull(memberInvitations.acceptedAt),
            isNull(memberInvitations.revokedAt),
          ),
        )
        .returning({ id: memberInvitations.id });
      if (rows.length === 0) throw new NotFoundError('The invitation');
      await audit(db, actor, {
        organizationId: actor.organizationId,
        action: 'member.invitation_revoked',
        targetType: 'member_invitation',
        targetId: request.params.id,
      });
      return { success: true };
    },
  );

  app.patch(
    '/api/members/:userId',
    {
      preHandler: guard.require('members:manage'),
      schema: {
        tags: ['accounts'],
        summary: "Change a member's role",
        params: z.object({ userId: z.uuid() }),
        body: z.object({ role: RoleSchema }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const target = await membershipOf(db, request.params.userId, actor.organizationId);
      if (!target) throw new NotFoundError('The member');
      assertMayGrant(actor, request.body.role);
      assertMayGrant(actor, target.role as Role);
      if (
        target.role === 'OWNER' &&
        request.body.role !== 'OWNER' &&
        (await ownerCount(db, actor.organizationId)) <= 1
      ) {
        throw new AppError('CONFLICT', 'The organization needs an OWNER: make someone else OWNER first');
      }
      await db
        .update(memberships)
        .set({ role: request.body.role, updatedAt: new Date() })
        .where(eq(memberships.id, target.id));
      await audit(db, actor, {
        organizationId: actor.organizationId,
        action: 'member.role_changed',
        targetType: 'user',
        targetId: request.params.userId,
        data: { from: target.role, to: request.body.role },
      });
      return { success: true };
    },
  );

  app.delete(
    '/api/members/:userId',
    {
      preHandler: guard.require('members:manage'),
      schema: { tags: ['accounts'], summary: 'Remove a member', params: z.object({ userId: z.uuid() }) },
    },
    async (request) => {
      const actor = actorOf(request);
      const target = await membershipOf(db, request.params.userId, actor.organizationId);
      if (!target) throw new NotFoundError('The member');
      assertMayGrant(actor, target.role as Role);
      if (target.role === 'OWNER' && (await ownerCount(db, actor.organizationId)) <= 1) {
        throw new AppError('CONFLICT', 'The last OWNER cannot be removed');
      }
      await db.delete(memberships).where(eq(memberships.id, target.id));
      await audit(db, actor, {
        organizationId: actor.organizationId,
        action: 'member.removed',
        targetType: 'user',
        targetId: request.params.userId,
        data: { role: target.role },
      });
      return { success: true };
    },
  );
}
