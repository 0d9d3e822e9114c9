/**
 * The terminal: a WebSocket to a shell in the session's sandbox (same limits as test runs, no
 * network), one per session (a new connection, e.g. after a reload, replaces the old one). Input
 * and output are recorded on the timeline in small batches; output is truncated per batch.
 *
 * Protocol (JSON text frames): client → `{type:'input', data}` | `{type:'resize', cols, rows}`;
 * server → `{type:'output', data}` | `{type:'exit', reason, exitCode}` | `{type:'error', message}`.
 * Browsers cannot set headers on a WebSocket: the credential travels as the second subprotocol
 * (`new WebSocket(url, ['interviewlm', credential])`).
 */
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import type { Logger } from '../../platform/logger.ts';
import type { SessionShell, TerminalHandle } from '../sandbox/index.ts';
import type { EventInput } from './events.repository.ts';
import type { CandidateAuthenticator } from './interviews.routes.ts';
import { SessionParamsSchema } from './interviews.schema.ts';
import { getWritableSession } from './session-access.service.ts';
import type { TimelineService } from './timeline.service.ts';
import type { WorkspaceService } from './workspace.service.ts';

/** Recorded terminal output per flush is cut at this many characters (the rest is counted, not kept). */
export const RECORDED_OUTPUT_CHARS = 4_096;
/** How often buffered terminal I/O is written to the timeline. */
const FLUSH_INTERVAL_MS = 1_000;

const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input'), data: z.string().max(16 * 1024) }),
  z.object({
    type: z.literal('resize'),
    cols: z.number().int().min(10).max(500),
    rows: z.number().int().min(5).max(200),
  }),
]);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Batches a terminal's input and output into timeline events. */
function createTerminalRecorder(sessionId: string, record: (events: EventInput[]) => Promise<unknown>) {
  let input = '';
  let output = '';
  let outputChars = 0;
  const flush = async () => {
    const events: EventInput[] = [];
    if (input) events.push({ type: 'terminal.input', origin: 'candidate', data: { data: input } });
    if (outputChars > 0) {
      events.push({
        type: 'terminal.output',
        origin: 'system',
        data: { data: output, chars: outputChars, truncated: outputChars > output.length },
      });
    }
    input = '';
    output = '';
    outputChars = 0;
    if (events.length > 0) await record(events);
  };
  return {
    input(data: string) {
      input += data;
    },
    output(data: string) {
      outputChars += data.length;
      if (output.length < RECORDED_OUTPUT_CHARS)
        output += data.slice(0, RECORDED_OUTPUT_CHARS - output.length);
    },
    flush,
    sessionId,
  };
}

/** Registers `GET /api/interview/:id/terminal` (WebSocket). */
export async function registerTerminalRoutes(
  app: HttpServer,
  options: {
    db: Database;
    shell: SessionShell;
    workspace: WorkspaceService;
    timeline: TimelineService;
    authenticate: CandidateAuthenticator;
    logger: Logger;
    idleTimeoutMs?: number;
    now?: () => Date;
  },
): Promise<void> {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'terminal' });
  await app.register(websocket, {
    options: {
      maxPayload: 64 * 1024,
      // Echo the protocol name, never the credential that rides along as the second one.
      handleProtocols: (protocols) => (protocols.has('interviewlm') ? 'interviewlm' : false),
    },
  });
  const open = new Map<string, { socket: WebSocket; terminal: TerminalHandle }>();

  app.route({
    method: 'GET',
    url: '/api/interview/:id/terminal',
    preHandler: async (request) => {
      const sessionId = (request.params as { id: string }).id;
      await options.authenticate(request, sessionId);
      await getWritableSession(options.db, sessionId, now());
    },
    schema: {
      tags: ['interview'],
      summary: 'WebSocket: a shell in the session sandbox (subprotocols: interviewlm, <credential>)',
      params: SessionParamsSchema,
    },
    // A plain GET (no Upgrade): a 404 with the error body of every other answer; with `websocket:
    // true` instead, the plugin answered an empty 404.
    handler: async () => {
      throw new AppError('NOT_FOUND', 'The terminal is a WebSocket: connect with Upgrade: websocket');
    },
    wsHandler: async (socket, request) => {
      const sessionId = (request.params as { id: string }).id;
      const send = (message: Record<string, unknown>) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      // Listen at once: messages that arrive while the shell starts are queued, not lost.
      let terminal: TerminalHandle | undefined;
      let closed = false;
      const pending: Array<z.infer<typeof ClientMessageSchema>> = [];
      const recorder = createTerminalRecorder(sessionId, (events) =>
        options.timeline.record(sessionId, events).catch((error: unknown) => {
          log.warn({ err: error, sessionId }, 'terminal events could not be recorded');
        }),
      );
      const apply = (target: TerminalHandle, message: z.infer<typeof ClientMessageSchema>) => {
        if (message.type === 'input') {
          recorder.input(message.data);
          target.write(message.data);
        } else {
          target.resize(message.cols, message.rows);
        }
      };
      socket.on('message', (raw) => {
        const parsed = ClientMessageSchema.safeParse(safeJson(raw.toString()));
        if (!parsed.success) {
          send({
            type: 'error',
            message: 'Send {"type":"input","data":"..."} or {"type":"resize","cols":80,"rows":24}',
          });
          return;
        }
        if (terminal) apply(terminal, parsed.data);
        else pending.push(parsed.data);
      });
      socket.on('close', () => {
        closed = true;
        terminal?.close();
      });

      const previous = open.get(sessionId);
      if (previous) {
        previous.socket.close(4000, 'replaced by a newer terminal connection');
        previous.terminal.close();
      }
      let started: TerminalHandle;
      try {
        started = await options.shell.openTerminal({
          files: await options.workspace.files(sessionId),
          ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
        });
      } catch (error) {
        log.warn({ err: error, sessionId }, 'terminal could not start');
        send({ type: 'error', message: 'The terminal could not start; try again in a moment' });
        socket.close(1011, 'terminal unavailable');
        return;
      }
      if (closed) {
        started.close();
        return;
      }
      terminal = started;
      open.set(sessionId, { socket, terminal: started });
      void options.timeline.record(sessionId, [{ type: 'terminal.opened', origin: 'candidate', data: {} }]);
      const flusher = setInterval(() => void recorder.flush(), FLUSH_INTERVAL_MS);
      flusher.unref();

      started.onData((chunk) => {
        recorder.output(chunk);
        send({ type: 'output', data: chunk });
      });
      started.onExit((exit) => {
        clearInterval(flusher);
        void recorder.flush().then(() =>
          options.timeline.record(sessionId, [
            {
              type: 'terminal.closed',
              origin: 'system',
              data: { reason: exit.reason, exitCode: exit.exitCode },
            },
          ]),
        );
        send({ type: 'exit', reason: exit.reason, exitCode: exit.exitCode });
        if (open.get(sessionId)?.terminal === started) open.delete(sessionId);
        if (socket.readyState === socket.OPEN) socket.close(1000, exit.reason);
      });
      for (const message of pending.splice(0)) apply(started, message);
    },
  });
}
