/**
 * JSON logs through pino, with credentials redacted wherever they might appear: by path (headers,
 * fields named like secrets), in request URLs (invitation, share, reset and join tokens travel in
 * the path or the query) and in error messages (connection strings with a password, bearer values).
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

/** What replaces a secret in a log line. */
export const REDACTED = '[redacted]';

/** Paths pino blanks out so secrets never reach a log line. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'req.headers["sec-websocket-protocol"]',
  'req.headers["paddle-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.sessionSecret',
  '*.csrfToken',
  '*.credential',
  '*.apiKey',
  '*.routingKey',
  '*.operatorToken',
  '*.paddleWebhookSecret',
  '*.webhookSecret',
  '*.databaseUrl',
  '*.redisUrl',
  '*.smtpUrl',
  '*.invitationLink',
  '*.authorization',
  '*.cookie',
];

/**
 * Path prefixes whose next segment is a bearer secret: the candidate's invitation token (API and
 * the web app's /interview/<token> page) and a report share token.
 */
const tokenInPath =
  /(\/api\/interview\/start\/|\/api\/reports\/shared\/|^\/interview\/|^\/reports\/shared\/)[^/?#]+/g;
/** Any other path segment that looks like a random token (32+ URL-safe characters, not a UUID). */
const tokenLikeSegment = /(?<=\/)[A-Za-z0-9_-]{32,}(?=[/?#]|$)/g;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Query parameters whose value is a secret (`/join?token=…`, `/reset-password?token=…`). */
const secretQueryName = /token|secret|key|password|credential|signature|code|auth/i;

/** A request URL with every secret it may carry replaced by `[redacted]`; ids and paths stay. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const pathPart = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt + 1);
  const safePath = pathPart
    .replace(tokenInPath, (_match, prefix: string) => `${prefix}${REDACTED}`)
    .replace(tokenLikeSegment, (segment) => (uuid.test(segment) ? segment : REDACTED));
  if (queryAt === -1) return safePath;
  const safeQuery = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      let decodedName = name;
      try {
        decodedName = decodeURIComponent(name);
      } catch {
        // A malformed name is judged as written.
      }
      return secretQueryName.test(decodedName) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${safePath}?${safeQuery}`;
}

/**
 * Secrets that can hide inside free text (error messages and stacks from drivers and SDKs): the
 * password of a connection string, bearer values, our own credential formats.
 */
export function redactText(text: string): string {
  return (
    text
      // scheme://user:password@host → scheme://user:[redacted]@host (DATABASE_URL, SMTP_URL, REDIS_URL).
      .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@/]+@/gi, `$1:${REDACTED}@`)
      .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`)
      // API keys (ilm_<prefix>_<secret>), candidate credentials (ilmc_…), provider keys (sk-…).
      .replace(/\bilmc?_[A-Za-z0-9_-]{8,}/g, REDACTED)
      .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED)
  );
}

/** The request as logged: fastify's fields, with the URL's secrets redacted. */
function serializeRequest(request: {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}) {
  return {
    method: request.method,
    url: typeof request.url === 'string' ? redactUrl(request.url) : request.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** A copy of `value` with `redactText` applied to every string in it (bounded depth, cycles cut). */
function scrubStrings(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6 || seen.has(value)) return '[omitted]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrubStrings(item, depth + 1, seen);
  return copy;
}

/** Errors as pino logs them (type, message, stack, own fields, causes), scrubbed of credentials. */
function serializeError(error: unknown) {
  if (!(error instanceof Error)) return scrubStrings(error);
  return scrubStrings(pino.stdSerializers.err(error));
}

/** Where log lines go: stdout (1), stderr (2), a file path, or a stream (tests). */
export type LogDestination = 1 | 2 | string | pino.DestinationStream;

/** Creates the root logger; every component derives a child with its own `component` field. */
export function createLogger(options: {
  level: string;
  name?: string;
  destination?: LogDestination;
}): Logger {
  const destination = options.destination ?? 1;
  return pino(
    {
      name: options.name ?? 'interviewlm',
      level: options.level,
      redact: { paths: redactedPaths, censor: REDACTED },
      // fastify merges the root logger's serializers over its own, so request logs use these.
      serializers: { req: serializeRequest, err: serializeError },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    typeof destination === 'number' || typeof destination === 'string'
      ? pino.destination(typeof destination === 'string' ? { dest: destination, sync: true } : destination)
      : destination,
  );
}
