/**
 * Who is calling: a signed-in member (session cookie `ilm_session`, CSRF header on mutations) or an
 * organization API key (`Authorization: Bearer ilm_…`). `guard.require(permission)` is the
 * preHandler every organization route uses; it sets `request.actor`, answers 401 without valid
 * credentials and 403 when the actor's role lacks the permission (docs/SECURITY.md).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import {
  findLiveApiKey,
  findLiveSession,
  membershipOf,
  touchApiKey,
  touchSession,
} from './accounts.repository.ts';
import { type Actor, API_KEY_ROLE, can, type Permission, type Role } from './permissions.ts';
import { csrfTokenFor, hashSecret } from './tokens.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const SESSION_COOKIE = 'ilm_session';
export const CSRF_HEADER = 'x-csrf-token';
/** A session lives this long after its last use (sliding). */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
/** Last-seen is written at most this often per session. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor set by the guard; a route behind `guard.require` always has one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHORIZED', 'Sign in first');
  return request.actor;
}

/** The signed-in user of a request (cookie only), with or without an organization. */
export interface SignedInUser {
  userId: string;
  sessionId: string;
  organizationId: string | null;
  isPlatformAdmin: boolean;
  /** This session's X-CSRF-Token (derived from the cookie), for GET /api/auth/me to hand out. */
  csrfToken: string;
}

/**
 * Whether a mutation's X-CSRF-Token belongs to the session: the token derived from its cookie (what
 * sign-in and GET /api/auth/me hand out), or the one whose hash the session row keeps (sessions
 * created by other means, such as tests or rows written before tokens were derived).
 */
export function csrfMatches(header: string, sessionToken: string, storedHash: string): boolean {
  const presented = hashSecret(header);
  return presented === hashSecret(csrfTokenFor(sessionToken)) || presented === storedHash;
}

export interface AuthGuard {
  /** preHandler: a member or API key whose role grants `permission`. */
  require(permission: Permission): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** The signed-in user of the cookie (CSRF checked on mutations); throws 401 when none. */
  signedInUser(request: FastifyRequest): Promise<SignedInUser>;
}

export function createAuthGuard(options: { db: Database; now?: () => Date }): AuthGuard {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  async function fromCookie(request: FastifyRequest): Promise<SignedInUser | undefined> {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return undefined;
    const found = await findLiveSession(db, hashSecret(token), now());
    if (!found) return undefined;
    if (!SAFE_METHODS.has(request.method)) {
      const csrf = request.headers[CSRF_HEADER];
      // A cookie is sent by the browser on any site's request; the header proves our page sent it.
      if (typeof csrf !== 'string' || !csrfMatches(csrf, token, found.session.csrfTokenHash)) {
        throw new AppError('FORBIDDEN', `Missing or invalid ${CSRF_HEADER} header`);
      }
    }
    if (now().getTime() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await touchSession(db, found.session.id, new Date(now().getTime() + SESSION_IDLE_MS));
    }
    return {
      userId: found.user.id,
      sessionId: found.session.id,
      organizationId: found.session.organizationId,
      isPlatformAdmin: found.user.isPlatformAdmin,
      csrfToken: csrfTokenFor(token),
    };
  }

  async function fromApiKey(request: FastifyRequest): Promise<Actor | undefined> {
    const header = request.headers.authorization;
    const key = header?.startsWith('Bearer ilm_') ? header.slice('Bearer '.length).trim() : undefined;
    if (!key) return undefined;
    const row = await findLiveApiKey(db, hashSecret(key), now());
    if (!row) throw new AppError('UNAUTHORIZED', 'This API key is not valid (unknown, revoked or expired)');
    void touchApiKey(db, row.id).catch(() => undefined);
    return { kind: 'api_key', apiKeyId: row.id, organizationId: row.organizationId, role: API_KEY_ROLE };
  }

  async function resolveActor(request: FastifyRequest): Promise<Actor> {
    const viaKey = await fromApiKey(request);
    if (viaKey) return viaKey;
    const user = await fromCookie(request);
    if (!user) throw new AppError('UNAUTHORIZED', 'Sign in first');
    if (!user.organizationId) throw new AppError('FORBIDDEN', 'Choose an organization first');
    const membership = await membershipOf(db, user.userId, user.organizationId);
    if (!membership) throw new AppError('FORBIDDEN', 'You are no longer a member of this organization');
    return {
      kind: 'user',
      userId: user.userId,
      organizationId: user.organizationId,
      role: membership.role as Role,
      sessionId: user.sessionId,
      isPlatformAdmin: user.isPlatformAdmin,
    };
  }

  return {
    require(permission) {
      return async (request) => {
        const actor = await resolveActor(request);
        if (!can(actor.role, permission)) {
          throw new AppError('FORBIDDEN', `Your role (${actor.role}) does not allow this (${permission})`);
        }
        request.actor = actor;
      };
    },
    async signedInUser(request) {
      const user = await fromCookie(request);
      if (!user) throw new AppError('UNAUTHORIZED', 'Sign in first');
      return user;
    },
  };
}
