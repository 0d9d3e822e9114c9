/**
 * bull-board, the queue dashboard, at /admin/queues for platform operators. A browser gets a
 * Basic-auth prompt (any user name, OPERATOR_TOKEN as the password); the page, its static files
 * and its API all sit behind the same guard, in one encapsulated plugin.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../../platform/http/error-handler.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import type { Logger } from '../../platform/logger.ts';
import { queueNames } from '../../platform/queue/contracts.ts';
import type { QueueRegistry } from '../../platform/queue/queues.ts';
import { type OperatorAccess, requireOperator } from './operator-auth.routes.ts';

/** Options of the dashboard. */
export interface BullBoardOptions {
  queues: QueueRegistry;
  operatorToken: OperatorAccess;
  /** Where the dashboard lives. */
  basePath?: '/admin/queues';
  /** Receives errors of the dashboard's own API (clients see a generic message). */
  logger?: Logger;
}

/**
 * The operator guard as a hook that answers itself: bull-board's routes have bull-board's error
 * handler, which would turn our 401/403 into a 500, so the refusal is sent here in our own shape.
 */
function operatorGuard(operatorToken: OperatorAccess) {
  const check = requireOperator(operatorToken, { browser: true });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await check(request, reply);
    } catch (error) {
      const { status, body } = toErrorResponse(error, request.id);
      return reply.status(status).send(body);
    }
  };
}

/** Mounts bull-board with every queue of `queues`, behind the operator guard. */
export function registerBullBoard(app: HttpServer, options: BullBoardOptions): void {
  const basePath = options.basePath ?? '/admin/queues';
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queueNames.map((name) => new BullMQAdapter(options.queues.queue(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'InterviewLM queues' } },
  });
  // bull-board's own handler echoes any error's message (a Redis address, a stack in development);
  // ours logs it and says only what the client can act on.
  serverAdapter.setErrorHandler((error: Error & { statusCode?: number }) => {
    // Fastify's client errors (malformed JSON, bad encoding) stay client errors.
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return { status: 400 as const, body: { error: { key: 'ERRORS.BAD_REQUEST' } } };
    }
    options.logger?.error({ err: error }, 'bull-board request failed');
    return { status: 500 as const, body: { error: { key: 'ERRORS.INTERNAL_SERVER_ERROR' } } };
  });
  const dashboard = serverAdapter.registerPlugin();
  app.register(
    async (scope) => {
      // preHandler, not onRequest: the rate limit (an onRequest hook of each route) counts refused
      // attempts too, so the token cannot be guessed at full speed.
      scope.addHook('preHandler', operatorGuard(options.operatorToken));
      await scope.register(dashboard);
    },
    { prefix: basePath },
  );
}
