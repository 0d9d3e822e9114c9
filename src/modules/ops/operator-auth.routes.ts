/**
 * Who may use the operator surfaces (/api/admin/*, /admin/queues, /metrics): a signed-in platform
 * operator, or whoever presents OPERATOR_TOKEN, as `Authorization: Bearer <token>` (APIs,
 * Prometheus, scripts) or as the password of HTTP Basic auth (browsers, for bull-board). No
 * credentials → 401; credentials that are not an operator's → 403.
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
 * Who counts as an operator: the holder of OPERATOR_TOKEN, and — once accounts exist — a signed-in
 * user marked as a platform operator (`interviewlm admin create --email …`).
 */
export type OperatorAccess =
  | string
  | {
      token: string;
      isOperatorSession: (request: FastifyRequest) => Promise<'operator' | 'other' | 'none'>;
      /** The signed-in operator's user id (undefined for the token holder), for audit records. */
      signedInOperatorId?: (request: FastifyRequest) => Promise<string | undefined>;
    };

/** Who acted, for records: the signed-in operator when there is one, else the token holder. */
export async function operatorActor(
  access: OperatorAccess,
  request: FastifyRequest,
): Promise<{ kind: 'operator'; userId: string | undefined }> {
  const userId =
    typeof access === 'string' || presentedCredential(request.headers.authorization) !== undefined
      ? undefined
      : await access.signedInOperatorId?.(request);
  return { kind: 'operator', userId };
}

/**
 * A fastify preHandler admitting operators only. With `browser`, a 401 carries a Basic-auth
 * challenge so a browser asks for the token (user name ignored).
 */
export function requireOperator(access: OperatorAccess, options: { browser?: boolean } = {}) {
  const token = typeof access === 'string' ? access : access.token;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const credential = presentedCredential(request.headers.authorization);
    if (credential === undefined) {
      const session = typeof access === 'string' ? 'none' : await access.isOperatorSession(request);
      if (session === 'operator') return;
      if (session === 'other') throw new AppError('FORBIDDEN', 'Only platform operators may do this');
      if (options.browser)
        reply.header('WWW-Authenticate', 'Basic realm="InterviewLM operators", charset="UTF-8"');
      throw new AppError(
        'UNAUTHORIZED',
        'Operator credentials required: sign in as a platform operator, or send Authorization: Bearer <OPERATOR_TOKEN>',
      );
    }
    if (!sameSecret(credential, token)) {
      throw new AppError('FORBIDDEN', 'These credentials do not belong to a platform operator');
    }
  };
}
