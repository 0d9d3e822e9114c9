/**
 * A scripted stand-in for the two provider APIs, so tests run the real SDKs over real HTTP:
 *
 * - Anthropic Messages API: `POST /v1/messages` (point the SDK's baseURL at `anthropicBaseUrl`),
 *   JSON or `stream: true` server-sent events in the real order (message_start,
 *   content_block_start, content_block_delta with text_delta / input_json_delta,
 *   content_block_stop, message_delta with stop_reason and usage, message_stop), `request-id` header.
 * - OpenAI chat completions: `POST /v1/chat/completions` (baseURL = `openaiBaseUrl`), JSON or SSE
 *   chunks ending in `data: [DONE]`, tool calls with arguments streamed in fragments, usage in a
 *   last chunk when `stream_options.include_usage` is set, `x-request-id` header.
 *
 * Usage:
 *
 * ```ts
 * const server = await startFakeLlmServer();
 * server.enqueue('anthropic', { status: 429, retryAfterSeconds: 1 }, { text: 'hello' });
 * // ... call the SDK or our provider with baseURL server.anthropicBaseUrl ...
 * server.requests('anthropic'); // [{ method, path, headers, body, stream, at }, ...]
 * server.reset(); // between tests
 * await server.close();
 * ```
 *
 * Replies (`FakeReply`): `{ text }`, `{ toolUse: { name, input } }` (or a list, with or without
 * text), `{ status: 429, retryAfterSeconds: 1 }`, `{ status: 500 }`, `{ raw: 'not json at all' }`
 * (a body that is not the API), `{ delayMs }` (answer late: timeouts), `{ text, stallMs }` (a
 * stream that goes silent), plus `usage`, `stopReason` and `model` to control what is reported.
 *
 * Each API has its own queue of planned replies, consumed one per request. With the queue empty the
 * server answers a 500 naming the problem, with `x-should-retry: false` so the SDKs do not retry
 * it. Request bodies are validated (zod) against the API's shape; a malformed one gets the
 * provider's 400 so a mapping bug fails loudly.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** Which API a reply or request belongs to. */
export type FakeApi = 'anthropic' | 'openai';

/** A tool call the fake model makes. A string `input` is sent verbatim as the JSON text (to simulate malformed arguments). */
export interface FakeToolUse {
  name: string;
  input: unknown;
  id?: string;
}

/**
 * One planned reply. Precedence: `raw`, then `status` (>= 400, an error), then a successful answer
 * with `text` and/or `toolUse` (neither = empty text). `delayMs` combines with any of them.
 */
export interface FakeReply {
  /** The model's text, passed through untouched (may be malformed JSON on purpose). */
  text?: string;
  toolUse?: FakeToolUse | FakeToolUse[];
  /** An HTTP error status: 429, 500, 529, 401 ... */
  status?: number;
  /** Sent as `retry-after` (seconds) with an error status. */
  retryAfterSeconds?: number;
  /** Error message in the provider's error body. */
  message?: string;
  /** Sets `x-should-retry`, which both SDKs obey over their own status rules. */
  retryable?: boolean;
  /** A body written as it is, with status `status` (default 200), e.g. 'not json at all'. */
  raw?: string;
  /** Content type of a `raw` body; default application/json (a body claiming to be JSON that is not). */
  contentType?: string;
  /** Waits this long before answering (the client may time out and disconnect meanwhile). */
  delayMs?: number;
  /** For a streamed answer: goes silent this long after the first text piece (a stalled stream). */
  stallMs?: number;
  /** Token counts reported; default about four characters per token. */
  usage?: { inputTokens?: number; outputTokens?: number };
  /** The API's own stop reason; default end_turn / tool_use (Anthropic), stop / tool_calls (OpenAI). */
  stopReason?: string;
  /** Model reported back; default the one requested. */
  model?: string;
}

/** A request as the server received it. */
export interface RecordedRequest {
  api: FakeApi | 'unknown';
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  stream: boolean;
  /** performance.now() when the request arrived; compare two to measure retry delays. */
  at: number;
  /** The request id the server answered with. */
  requestId: string;
}

/** The running server. */
export interface FakeLlmServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** baseURL for the Anthropic SDK (it appends /v1/messages). */
  anthropicBaseUrl: string;
  /** baseURL for the OpenAI SDK (it appends /chat/completions). */
  openaiBaseUrl: string;
  /** Appends planned replies to the API's queue. */
  enqueue(api: FakeApi, ...replies: FakeReply[]): void;
  /** Answers computed from the request body when the queue is empty (a model that reads its input); undefined removes it. */
  respondWith(api: FakeApi, responder: ((body: unknown) => FakeReply) | undefined): void;
  /** Requests received so far, all or for one API, oldest first. */
  requests(api?: FakeApi): RecordedRequest[];
  /** Planned replies not yet used. */
  pending(api: FakeApi): number;
  /** Forgets planned replies and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

// --- request shapes (only what the APIs require; extra fields are allowed) --------------------

const AnthropicBlockSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({
    type: z.literal('tool_use'),
    id: z.string().min(1),
    name: z.string().min(1),
    input: z.unknown(),
  }),
  z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string().min(1),
    content: z.union([z.string(), z.array(z.unknown())]).optional(),
    is_error: z.boolean().optional(),
  }),
]);

const AnthropicBodySchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['user', 'assistant']),
        content: z.union([z.string(), z.array(AnthropicBlockSchema).min(1)]),
      }),
    )
    .min(1),
  system: z.union([z.string(), z.array(z.unknown())]).optional(),
  tools: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        description: z.string().optional(),
        input_schema: z.looseObject({ type: z.literal('object') }),
      }),
    )
    .optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
});

const OpenAiToolCallSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const OpenAiBodySchema = z.looseObject({
  model: z.string().min(1),
  messages: z
    .array(
      z.discriminatedUnion('role', [
        z.looseObject({ role: z.literal('system'), content: z.union([z.string(), z.array(z.unknown())]) }),
        z.looseObject({ role: z.literal('developer'), content: z.union([z.string(), z.array(z.unknown())]) }),
        z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(z.unknown())]) }),
        z.looseObject({
          role: z.literal('assistant'),
          content: z.union([z.string(), z.array(z.unknown()), z.null()]).optional(),
          tool_calls: z.array(OpenAiToolCallSchema).optional(),
        }),
        z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: z.string() }),
      ]),
    )
    .min(1),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  tools: z
    .array(
      z.looseObject({
        type: z.literal('function'),
        function: z.looseObject({ name: z.string().min(1), description: z.string().optional() }),
      }),
    )
    .optional(),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).optional(),
  temperature: z.number().min(0).max(2).optional(),
});

// --- helpers -----------------------------------------------------------------------------------

const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** Splits a string into about `parts` pieces, so clients have to put deltas back together. */
function split(text: string, parts: number): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.ceil(text.length / parts));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function toolsOf(reply: FakeReply): FakeToolUse[] {
  if (!reply.toolUse) return [];
  return Array.isArray(reply.toolUse) ? reply.toolUse : [reply.toolUse];
}

function jsonOf(input: unknown): string {
  return typeof input === 'string' ? input : (JSON.stringify(input ?? {}) ?? '{}');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function sse(response: ServerResponse, headers: Record<string, string>) {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
}

function errorBody(api: FakeApi, status: number, message: string): unknown {
  const type =
    status === 429
      ? 'rate_limit_error'
      : status === 401
        ? 'authentication_error'
        : status === 400
          ? 'invalid_request_error'
          : status === 529
            ? 'overloaded_error'
            : 'api_error';
  return api === 'anthropic'
    ? { type: 'error', error: { type, message } }
    : { error: { message, type, param: null, code: null } };
}

/** Waits `ms`; resolves false early when the client disconnects (nobody left to answer). */
function pause(response: ServerResponse, ms: number): Promise<boolean> {
  if (response.destroyed) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(true);
    }, ms);
    response.once('close', onClose);
  });
}

// --- answers -----------------------------------------------------------------------------------

interface Answer {
  model: string;
  text: string;
  tools: Array<{ id: string; name: string; json: string }>;
  inputTokens: number;
  outputTokens: number;
  stopReason: string;
}

function answerOf(
  api: FakeApi,
  reply: FakeReply,
  body: { model: string; messages: unknown },
  n: number,
): Answer {
  const text = reply.text ?? '';
  const tools = toolsOf(reply).map((tool, index) => ({
    id: tool.id ?? (api === 'anthropic' ? `toolu_fake_${n}_${index}` : `call_fake_${n}_${index}`),
    name: tool.name,
    json: jsonOf(tool.input),
  }));
  const defaultStop =
    api === 'anthropic'
      ? tools.length > 0
        ? 'tool_use'
        : 'end_turn'
      : tools.length > 0
        ? 'tool_calls'
        : 'stop';
  return {
    model: reply.model ?? body.model,
    text,
    tools,
    inputTokens: reply.usage?.inputTokens ?? tokensOf(JSON.stringify(body.messages)),
    outputTokens: reply.usage?.outputTokens ?? tokensOf(text + tools.map((tool) => tool.json).join('')),
    stopReason: reply.stopReason ?? defaultStop,
  };
}

function anthropicMessage(answer: Answer, n: number): unknown {
  const content: unknown[] = [];
  if (answer.text || answer.tools.length === 0) content.push({ type: 'text', text: answer.text });
  for (const tool of answer.tools) {
    let input: unknown;
    try {
      input = JSON.parse(tool.json);
    } catch {
      input = tool.json;
    }
    content.push({ type: 'tool_use', id: tool.id, name: tool.name, input });
  }
  return {
    id: `msg_fake_${n}`,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content,
    stop_reason: answer.stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: answer.inputTokens,
      output_tokens: answer.outputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

async function streamAnthropic(response: ServerResponse, answer: Answer, n: number, stallMs: number) {
  const send = (event: string, data: unknown) =>
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', {
    type: 'message_start',
    message: {
      id: `msg_fake_${n}`,
      type: 'message',
      role: 'assistant',
      model: answer.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: answer.inputTokens, output_tokens: 1 },
    },
  });
  let index = 0;
  if (answer.text || answer.tools.length === 0) {
    send('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'text', text: '' },
    });
    send('ping', { type: 'ping' });
    for (const [position, piece] of split(answer.text, 3).entries()) {
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: piece },
      });
      if (position === 0 && stallMs > 0 && !(await pause(response, stallMs))) return;
    }
    send('content_block_stop', { type: 'content_block_stop', index });
    index += 1;
  }
  for (const tool of answer.tools) {
    send('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: tool.id, name: tool.name, input: {} },
    });
    send('content_block_delta', {
      type: 'content_block_delta',
      index,
      delta: { type: 'input_json_delta', partial_json: '' },
    });
    for (const piece of split(tool.json, 4)) {
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: piece },
      });
    }
    send('content_block_stop', { type: 'content_block_stop', index });
    index += 1;
  }
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: answer.stopReason, stop_sequence: null },
    usage: { output_tokens: answer.outputTokens },
  });
  send('message_stop', { type: 'message_stop' });
  response.end();
}

function openAiCompletion(answer: Answer, n: number): unknown {
  return {
    id: `chatcmpl-fake-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: answer.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.text || (answer.tools.length > 0 ? null : ''),
          refusal: null,
          ...(answer.tools.length > 0
            ? {
                tool_calls: answer.tools.map((tool) => ({
                  id: tool.id,
                  type: 'function',
                  function: { name: tool.name, arguments: tool.json },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: answer.stopReason,
      },
    ],
    usage: {
      prompt_tokens: answer.inputTokens,
      completion_tokens: answer.outputTokens,
      total_tokens: answer.inputTokens + answer.outputTokens,
    },
  };
}

async function streamOpenAi(
  response: ServerResponse,
  answer: Answer,
  n: number,
  includeUsage: boolean,
  stallMs: number,
) {
  const base = {
    id: `chatcmpl-fake-${n}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
  };
  const chunk = (delta: unknown, finishReason: string | null = null) =>
    response.write(
      `data: ${JSON.stringify({ ...base, model: answer.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`,
    );
  chunk({ role: 'assistant', content: '' });
  for (const [position, piece] of split(answer.text, 3).entries()) {
    chunk({ content: piece });
    if (position === 0 && stallMs > 0 && !(await pause(response, stallMs))) return;
  }
  answer.tools.forEach((tool, index) => {
    chunk({
      tool_calls: [{ index, id: tool.id, type: 'function', function: { name: tool.name, arguments: '' } }],
    });
    for (const piece of split(tool.json, 4))
      chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  chunk({}, answer.stopReason);
  if (includeUsage) {
    response.write(
      `data: ${JSON.stringify({
        ...base,
        model: answer.model,
        choices: [],
        usage: {
          prompt_tokens: answer.inputTokens,
          completion_tokens: answer.outputTokens,
          total_tokens: answer.inputTokens + answer.outputTokens,
        },
      })}\n\n`,
    );
  }
  response.write('data: [DONE]\n\n');
  response.end();
}

// --- the server --------------------------------------------------------------------------------

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const queues: Record<FakeApi, FakeReply[]> = { anthropic: [], openai: [] };
  const responders: Partial<Record<FakeApi, (body: unknown) => FakeReply>> = {};
  let recorded: RecordedRequest[] = [];
  let counter = 0;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const at = performance.now();
    counter += 1;
    const n = counter;
    const requestId = `req_fake_${n}`;
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const api: FakeApi | 'unknown' =
      path === '/v1/messages' ? 'anthropic' : path === '/v1/chat/completions' ? 'openai' : 'unknown';
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const wantsStream =
      typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
    recorded.push({
      api,
      method: request.method ?? '',
      path,
      headers: request.headers,
      body,
      stream: wantsStream,
      at,
      requestId,
    });

    if (api === 'unknown' || request.method !== 'POST') {
      sendJson(response, 404, { error: `fake-llm-server: no route for ${request.method} ${path}` });
      return;
    }
    const idHeader = api === 'anthropic' ? 'request-id' : 'x-request-id';
    const parsed = (api === 'anthropic' ? AnthropicBodySchema : OpenAiBodySchema).safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
      sendJson(response, 400, errorBody(api, 400, `fake-llm-server: invalid request body: ${problems}`), {
        [idHeader]: requestId,
        'x-should-retry': 'false',
      });
      return;
    }
    const reply = queues[api].shift() ?? responders[api]?.(body);
    if (!reply) {
      sendJson(
        response,
        500,
        errorBody(
          api,
          500,
          `fake-llm-server: nothing scripted for ${api} (request #${n}); call server.enqueue('${api}', ...) first`,
        ),
        { [idHeader]: requestId, 'x-should-retry': 'false' },
      );
      return;
    }

    if (reply.delayMs) {
      // The client may give up meanwhile (its timeout): then there is nobody left to answer.
      if (!(await pause(response, reply.delayMs)) || response.destroyed) return;
    }

    const headers: Record<string, string> = { [idHeader]: requestId };
    if (reply.retryable !== undefined) headers['x-should-retry'] = String(reply.retryable);
    if (reply.raw !== undefined) {
      response.writeHead(reply.status ?? 200, {
        'content-type': reply.contentType ?? 'application/json',
        ...headers,
      });
      response.end(reply.raw);
      return;
    }
    if (reply.status !== undefined && reply.status >= 400) {
      if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
      const message = reply.message ?? `fake-llm-server: scripted HTTP ${reply.status}`;
      sendJson(response, reply.status, errorBody(api, reply.status, message), headers);
      return;
    }
    const answer = answerOf(api, reply, parsed.data, n);
    if (api === 'anthropic') {
      if (wantsStream) {
        sse(response, headers);
        await streamAnthropic(response, answer, n, reply.stallMs ?? 0);
      } else {
        sendJson(response, 200, anthropicMessage(answer, n), headers);
      }
      return;
    }
    if (wantsStream) {
      sse(response, headers);
      const includeUsage = (parsed.data as { stream_options?: { include_usage?: boolean } }).stream_options
        ?.include_usage;
      await streamOpenAi(response, answer, n, includeUsage === true, reply.stallMs ?? 0);
    } else {
      sendJson(response, 200, openAiCompletion(answer, n), headers);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: `fake-llm-server: ${String(error)}` });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    anthropicBaseUrl: url,
    openaiBaseUrl: `${url}/v1`,
    enqueue(api, ...replies) {
      queues[api].push(...replies);
    },
    respondWith(api, responder) {
      if (responder) responders[api] = responder;
      else delete responders[api];
    },
    requests(api) {
      return api ? recorded.filter((request) => request.api === api) : [...recorded];
    },
    pending(api) {
      return queues[api].length;
    },
    reset() {
      delete responders.anthropic;
      delete responders.openai;
      queues.anthropic = [];
      queues.openai = [];
      recorded = [];
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
