/**
 * Sign-up, sign-in, sign-out, who am I (with the session's CSRF token, so a reloaded page can make
 * mutations), switching organization, password reset, and the organization's API keys. Sign-in and reset are rate limited per client on top of the global
 * limit, and accounts lock after repeated failures (auth.service.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { audit, insertApiKey, listApiKeys, revokeApiKey } from './accounts.repository.ts';
import { MeResponseSchema } from './auth.schema.ts';
import type { AuthService, IssuedSession } from './auth.service.ts';
import { type AuthGuard, actorOf, SESSION_COOKIE } from './auth-guard.routes.ts';
import { newApiKey } from './tokens.service.ts';

const Email = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());
const Password = z.string().min(10, 'must be at least 10 characters').max(200);
/** Sign-in and reset attempts per client per minute by default (the global limit is far higher). */
export const AUTH_ATTEMPTS_PER_MINUTE = 10;

const SessionAnswer = z.object({
  success: z.literal(true),
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
  csrfToken: z.string(),
});

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: IssuedSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    // Behind HTTPS (directly or via a trusted proxy) the cookie never travels in clear.
    secure: request.protocol === 'https',
    path: '/',
    expires: session.expiresAt,
  });
}

function client(request: FastifyRequest) {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) };
}

export function registerAuthRoutes(
  app: HttpServer,
  options: { db: Database; guard: AuthGuard; auth: AuthService; attemptsPerMinute?: number },
): void {
  const { db, guard, auth } = options;
  const AUTH_RATE_LIMIT = {
    max: options.attemptsPerMinute ?? AUTH_ATTEMPTS_PER_MINUTE,
    timeWindow: '1 minute',
  };

  app.post(
    '/api/auth/signup',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account and its organization (you become its OWNER); signs you in',
        body: z.object({
          email: Email,
          password: Password,
          name: z.string().trim().min(1).max(120),
          organizationName: z.string().trim().min(2).max(120),
        }),
        response: { 201: SessionAnswer },
      },
    },
    async (request, reply) => {
      const { user, organization, session } = await auth.signUp(request.body, client(request));
      setSessionCookie(request, reply, session);
      return reply.status(201).send({
        success: true as const,
        user: { id: user.id, email: user.email, name: user.name },
        organization: { id: organization.id, name: organization.name },
        csrfToken: session.csrfToken,
      });
    },
  );

  app.post(
    '/api/auth/signin',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password',
        body: z.object({ email: Email, password: z.string().min(1).max(200) }),
        response: { 200: SessionAnswer },
      },
    },
    async (request, reply) => {
      const { user, session } = await auth.signIn(request.body, client(request));
      setSessionCookie(request, reply, session);
      const me = await auth.me(user.id, session.organizationId);
      return {
        success: true as const,
        user: { id: user.id, email: user.email, name: user.name },
        organization: me.organization
          ? { id: me.organization.organizationId, name: me.organization.name }
          : null,
        csrfToken: session.csrfToken,
      };
    },
  );

  app.post(
    '/api/auth/signout',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign out this browser',
        response: { 200: z.object({ success: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const user = await guard.signedInUser(request);
      await auth.signOut(user.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { success: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['accounts'],
        summary:
          "The signed-in user and organizations, the caller's permissions and grantable roles in the current one, and this session's CSRF token",
        response: { 200: MeResponseSchema },
      },
    },
    async (request, reply) => {
      const user = await guard.signedInUser(request);
      // It carries the CSRF token: no cache may keep it.
      reply.header('cache-control', 'no-store');
      return {
        success: true as const,
        ...(await auth.me(user.userId, user.organizationId)),
        csrfToken: user.csrfToken,
      };
    },
  );

  app.post(
    '/api/auth/organization',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Switch this sign-in to another organization you belong to',
        body: z.object({ organizationId: z.uuid() }),
        response: { 200: z.object({ success: z.literal(true) }) },
      },
    },
    async (request) => {
      const user = await guard.signedInUser(request);
      await auth.switchOrganization(user.userId, user.sessionId, request.body.organizationId);
      return { success: true as const };
    },
  );

  app.post(
    '/api/auth/password-reset/request',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['accounts'],
        summary: 'Email a single-use reset link (answers the same whether or not the account exists)',
        body: z.object({ email: Email }),
        response: { 202: z.object({ success: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      await auth.requestPasswordReset(request.body.email);
      return reply.status(202).send({ success: true as const });
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password with a reset token; signs every session of the account out',
        body: z.object({ token: z.string().min(20).max(200), password: Password }),
        response: { 200: z.object({ success: z.literal(true) }) },
      },
    },
    async (request) => {
      await auth.confirmPasswordReset(request.body.token, request.body.password);
      return { success: true as const };
    },
  );

  app.post(
    '/api/api-keys',
    {
      preHandler: guard.require('api-keys:manage'),
      schema: {
        tags: ['accounts'],
        summary: 'Create an organization API key (acts as a RECRUITER); the key is shown once',
        body: z.object({
          name: z.string().trim().min(1).max(80),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { key, prefix, hash } = newApiKey();
      const expiresAt = request.body.expiresInDays
        ? new Date(Date.now() + request.body.expiresInDays * 86_400_000)
        : null;
      const row = await insertApiKey(db, {
        organizationId: actor.organizationId,
        name: request.body.name,
        prefix,
        keyHash: hash,
        createdByUserId: actor.kind === 'user' ? actor.userId : null,
        expiresAt,
      });
      await audit(db, actor, {
        organizationId: actor.organizationId,
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: row.id,
        data: { name: row.name, prefix },
      });
      return reply.status(201).send({ success: true, id: row.id, name: row.name, prefix, key, expiresAt });
    },
  );

  app.get(
    '/api/api-keys',
    {
      preHandler: guard.require('api-keys:manage'),
      schema: { tags: ['accounts'], summary: "The organization's API keys (never the secrets)" },
    },
    async (request) => ({ success: true, keys: await listApiKeys(db, actorOf(request).organizationId) }),
  );

  app.delete(
    '/api/api-keys/:id',
    {
      preHandler: guard.require('api-keys:manage'),
      schema: { tags: ['accounts'], summary: 'Revoke an API key', params: z.object({ id: z.uuid() }) },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!(await revokeApiKey(db, actor.organizationId, request.params.id)))
        throw new NotFoundError('The API key');
      await audit(db, actor, {
        organizationId: actor.organizationId,
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: request.params.id,
      });
      return { success: true };
    },
  );
}
