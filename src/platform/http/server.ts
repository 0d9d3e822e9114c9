/**
 * The fastify server every route module plugs into: zod validation and serialization, request
 * ids, pino request logs, security headers, rate limiting, OpenAPI at /docs and the one error
 * handler. Routes are registered by the composition root, never here.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './error-handler.ts';
import { installInputGuard } from './input-guard.ts';

/** The fastify instance type routes are written against (zod schemas give typed requests). */
export type HttpServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Request ids from clients are kept only when they look like ids, never arbitrary text in logs. */
const acceptableRequestId = /^[A-Za-z0-9._-]{8,128}$/;

/** Options of the HTTP server. */
export interface HttpServerOptions {
  logger: Logger;
  trustProxy: boolean;
  rateLimitPerMinute: number;
  /** Shared Redis for rate-limit counters across API processes; in-memory when absent. */
  rateLimitRedis?: Redis;
  /** Key prefix of the counters, so installations sharing one Redis keep separate limits. */
  rateLimitPrefix?: string;
  /** Largest accepted request body in bytes. */
  bodyLimitBytes?: number;
  version: string;
}

/** Creates the server with every cross-cutting concern installed and no routes. */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const base = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    trustProxy: options.trustProxy,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    // Our genReqId reads the header itself, to keep only well-formed ids from clients.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && acceptableRequestId.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    // Errors of the router and of Node's HTTP parser get the same error body as everything else.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  installErrorHandling(base);
  installInputGuard(base);
  const app: HttpServer = base.withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // The app uses none of these browser powers; a page injected into it cannot ask for them.
    // (Not `payment`: Paddle's checkout frame may use the Payment Request API.)
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), usb=()');
  });

  // Sign-in sessions travel in an httpOnly cookie (accounts module); the plugin only parses them.
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    // A Redis outage must not take the API down with it: skip limiting rather than fail requests.
    skipOnError: true,
    ...(options.rateLimitRedis
      ? {
          redis: options.rateLimitRedis,
          nameSpace: `${options.rateLimitPrefix ?? 'interviewlm'}:rate-limit:`,
        }
      : {}),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'InterviewLM API', version: options.version },
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'ilm_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
          // The interview routes: the credential issued when the candidate starts (`ilmc_…`).
          candidateCredential: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  return app;
}
