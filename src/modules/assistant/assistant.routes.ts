/**
 * The assistant over HTTP: `POST /api/interview/:id/chat` streams the answer as server-sent
 * events, `GET /api/interview/:id/chat` returns the current question's conversation for a reload.
 * Who the caller is and which session it may use is the interview module's business: it hands
 * in `authenticate`, which resolves the candidate-visible session context or throws.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import type { AssistantSessionContext } from './assistant.ports.ts';
import {
  type AssistantStreamEvent,
  ChatBodySchema,
  ChatParamsSchema,
  ConversationResponseSchema,
} from './assistant.schema.ts';
import type { AssistantService } from './assistant.service.ts';

/** What `registerAssistantRoutes` needs. */
export interface AssistantRouteOptions {
  service: AssistantService;
  /** Resolves the session the request may use (its candidate credential), or throws 401/403/404. */
  authenticate: (request: FastifyRequest, sessionId: string) => Promise<AssistantSessionContext>;
  /** Interval of the SSE keep-alive comments that stop proxies from closing a quiet stream; default 15 s. */
  heartbeatMs?: number;
}

/** An SSE response that starts (status, headers) with its first event. */
interface EventStream {
  readonly started: boolean;
  send(event: AssistantStreamEvent): void;
  end(): void;
}

/** One SSE frame: the event type as `event:` and the whole event as JSON `data:`. */
export function formatSseFrame(event: AssistantStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Opens the SSE response lazily: until the first event nothing is written, so an error found
 * before the answer starts (auth, policy, limits, a running turn) still leaves as a normal JSON
 * error through the app's error handler. From the first event on, fastify is out of the way
 * (`reply.hijack()`) and frames go straight to the socket as they are produced.
 */
function openEventStream(reply: FastifyReply, heartbeatMs: number): EventStream {
  const raw = reply.raw;
  let started = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const writable = () => !raw.destroyed && !raw.writableEnded;

  const start = () => {
    if (started) return;
    started = true;
    reply.hijack();
    if (!writable()) return;
    // Headers set by hooks (request id, security headers, rate limit) are kept: hijacking skips their sending.
    const kept = Object.entries(reply.getHeaders()).filter(
      (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
    );
    raw.writeHead(200, {
      ...Object.fromEntries(kept),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers proxied responses unless told otherwise, which would hold back every frame.
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    heartbeat = setInterval(() => {
      if (writable()) raw.write(': keep-alive\n\n');
    }, heartbeatMs);
    heartbeat.unref();
  };

  return {
    get started() {
      return started;
    },
    send(event) {
      start();
      if (writable()) raw.write(formatSseFrame(event));
    },
    end() {
      start();
      clearInterval(heartbeat);
      if (writable()) raw.end();
    },
  };
}

/** Registers the chat routes on `app`. */
export function registerAssistantRoutes(app: HttpServer, options: AssistantRouteOptions): void {
  const { service, authenticate } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const tags = ['interview'];

  app.post(
    '/api/interview/:id/chat',
    {
      schema: {
        tags,
        summary:
          'Send the AI assistant a message; the answer streams as text/event-stream (events content, tool_use, tool_result, usage, done, error). Refusals before the stream starts are JSON errors (403 assistant off, 409 previous answer still running, 429 limit used up)',
        params: ChatParamsSchema,
        body: ChatBodySchema,
      },
    },
    async (request, reply) => {
      const context = await authenticate(request, request.params.id);
      const stream = openEventStream(reply, heartbeatMs);
      // The candidate closing the tab stops the model call; what was produced is still stored.
      const controller = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableEnded) controller.abort(new Error('the client disconnected'));
      };
      reply.raw.on('close', onClose);
      try {
        await service.chat(context, request.body.message, stream.send, controller.signal);
      } catch (error) {
        if (!stream.started) throw error;
        // The service reports failures as events once it has started; this is a last resort.
        request.log.error({ err: error }, 'the assistant stream failed');
        const safe =
          error instanceof AppError
            ? { message: error.message, code: error.code }
            : { message: 'The assistant failed unexpectedly; try again shortly.', code: 'INTERNAL' };
        stream.send({ type: 'error', ...safe });
      } finally {
        reply.raw.off('close', onClose);
      }
      stream.end();
      return reply;
    },
  );

  app.get(
    '/api/interview/:id/chat',
    {
      schema: {
        tags,
        summary:
          "The AI assistant conversation of the session's current question (it restarts with each question) and what is left of its limits",
        params: ChatParamsSchema,
        response: { 200: ConversationResponseSchema },
      },
    },
    async (request, reply) => {
      const context = await authenticate(request, request.params.id);
      const conversation = await service.conversation(context);
      reply.header('cache-control', 'no-store');
      return { success: true as const, ...conversation };
    },
  );
}
