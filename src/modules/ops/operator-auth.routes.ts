/**
 * Who may use the operator surfaces (/api/admin/*, /admin/queues, /metrics) until accounts exist:
 * whoever presents OPERATOR_TOKEN, as `Authorization: Bearer <token>` (APIs, Prometheus) or as
 * the password of HTTP Basic auth (browsers, for bull-board). No credentials → 401; credentials
 * that are not an operator's → 403. The accounts issue replaces the token with operator logins.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';

/** Extracts the presented secret: a Bearer token, or the password of Basic auth. */
export function presentedCredential(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value] = authorization.trim().split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/** Constant-time comparison of two secrets of any length (both are hashed first). */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * A fastify preHandler admitting operators only. With `browser`, a 401 carries a Basic-auth
 * challenge so a browser asks for the token (user name ignored).
 */
export function requireOperator(operatorToken: string, options: { browser?: boolean } = {}) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const credential = presentedCredential(request.headers.authorization);
    if (credential === undefined) {
      if (options.browser)
        reply.header('WWW-Authenticate', 'Basic realm="InterviewLM operators", charset="UTF-8"');
      throw new AppError(
        'UNAUTHORIZED',
        'Operator credentials required: send Authorization: Bearer <OPERATOR_TOKEN>',
      );
    }
    if (!sameSecret(credential, operatorToken)) {
      throw new AppError('FORBIDDEN', 'These credentials do not belong to a platform operator');
    }
  };
}
