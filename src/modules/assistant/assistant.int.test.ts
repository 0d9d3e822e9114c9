/**
 * The assistant end to end on a real PostgreSQL database, with the real Anthropic SDK talking to
 * the scripted fake provider server: streaming, tools through the workspace port, policies,
 * limits, provider failures, what reaches the provider (never hidden tests), conversations per
 * question, the offline answer, and the HTTP routes (SSE frames, JSON errors before the stream).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../../test/support/fake-llm-server.ts';
import { testLogger } from '../../../test/support/logger.ts';
import {
  addTestSessionQuestion,
  createTestSession,
  type TestSession,
} from '../../../test/support/sessions.ts';
import { waitFor } from '../../../test/support/wait.ts';
import type { Database } from '../../platform/db/client.ts';
import { aiInteractions, interviewSessions, llmCalls } from '../../platform/db/schema/index.ts';
import { AppError, NotFoundError, UnauthorizedError } from '../../platform/errors.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { createLlmClient, type LlmClient } from '../../platform/llm/llm.service.ts';
import { createOfflineProvider } from '../../platform/llm/offline.driver.ts';
import { createLlmProvider } from '../../platform/llm/provider.driver.ts';
import { priceTable } from '../../platform/llm/types.ts';
import type { AssistantSessionContext, AssistantWorkspace } from './assistant.ports.ts';
import { registerAssistantRoutes } from './assistant.routes.ts';
import type { AssistantStreamEvent } from './assistant.schema.ts';
import {
  ASSISTANT_PURPOSE,
  type AssistantService,
  createAssistantService,
  offlineAssistantAnswer,
} from './assistant.service.ts';
import type { AssistantLimits } from './assistant-policy.ts';

const MODEL = 'claude-sonnet-5-5';

let database: TestDatabase;
let db: Database;
let server: FakeLlmServer;
let llm: LlmClient;

beforeAll(async () => {
  [database, server] = await Promise.all([createTestDatabase(), startFakeLlmServer()]);
  db = database.handle.db;
  const provider = createLlmProvider(
    {
      provider: 'anthropic',
      anthropic: { apiKey: 'sk-ant-test-0123456789abcdef', baseUrl: server.anthropicBaseUrl, model: MODEL },
      openai: { apiKey: undefined, baseUrl: undefined, model: 'gpt-5.4' },
      timeoutMs: 10_000,
      // A scripted 500 must reach the assistant as it is, not be retried by the SDK.
      maxRetries: 0,
      budgets: { organizationDailyTokens: undefined, sessionTokens: undefined },
      prices: priceTable,
    },
    testLogger,
  );
  llm = createLlmClient({ provider, db, logger: testLogger });
});

afterAll(async () => {
  await server?.close();
  await database?.drop();
});

beforeEach(() => server.reset());

// ---------------------------------------------------------------------------------------------
// An in-memory AssistantWorkspace. The real one (workspace files, sandbox runs, the session
// timeline) is the interview module's job; this one keeps files in a map, numbers events like the
// timeline does, and records every call so tests can see what the tools did.

interface RecordedEvent {
  seq: number;
  type: string;
  questionId?: string | undefined;
  data: Record<string, unknown>;
  origin: string;
}

function createMemoryWorkspace(visibleTests: { name: string }[]) {
  const files = new Map<string, string>();
  const events: RecordedEvent[] = [];
  const calls: string[] = [];
  let seq = 0;
  const append = (event: Omit<RecordedEvent, 'seq'>) => {
    seq += 1;
    events.push({ ...event, seq });
    return seq;
  };
  const workspace: AssistantWorkspace = {
    async listFiles() {
      calls.push('listFiles');
      return [...files].map(([path, content]) => ({ path, size: Buffer.byteLength(content) }));
    },
    async readFile(_sessionId, path) {
      calls.push(`readFile ${path}`);
      const content = files.get(path);
      if (content === undefined) throw new NotFoundError(`The file ${path}`);
      return content;
    },
    async writeFile(_sessionId, path, content) {
      calls.push(`writeFile ${path}`);
      if (path.includes('..') || path.startsWith('/')) {
        throw new AppError('VALIDATION_FAILED', `The file path "${path}" must be relative and stay inside`);
      }
      const created = !files.has(path);
      files.set(path, content);
      return {
        seq: append({ type: created ? 'file.created' : 'file.changed', data: { path }, origin: 'assistant' }),
      };
    },
    async runVisibleTests() {
      calls.push('runVisibleTests');
      return {
        runId: 'run-1',
        status: 'ok',
        passed: visibleTests.length,
        failed: 0,
        total: visibleTests.length,
        tests: visibleTests.map((test) => ({
          testName: test.name,
          passed: true,
          output: 'ok',
          error: null,
          duration: 1,
        })),
        stdout: '',
        stderr: '',
      };
    },
    async runCommand(_sessionId, command) {
      calls.push(`runCommand ${command}`);
      return { exitCode: 0, stdout: `ran ${command}`, stderr: '', timedOut: false };
    },
    async recordEvents(_sessionId, batch) {
      return batch.map((event) => append(event));
    },
  };
  return { workspace, files, events, calls };
}

type MemoryWorkspace = ReturnType<typeof createMemoryWorkspace>;

/** The context a careful interview module builds: candidate-visible fields only. */
function contextOf(session: TestSession, question = session.question): AssistantSessionContext {
  return {
    sessionId: session.sessionId,
    organizationId: session.organizationId,
    candidateId: session.candidateId,
    questionId: question.id,
    language: session.language,
    aiPolicy: session.aiPolicy,
    question: {
      title: question.title,
      description: question.description,
      entryPoint: question.entryPoint,
      visibleTests: question.tests
        .filter((test) => !test.hidden)
        .map((test) => ({ name: test.name, args: test.args, expected: test.expected })),
    },
  };
}

async function setUp(
  options: { aiPolicy?: TestSession['aiPolicy']; limits?: Partial<AssistantLimits> } = {},
): Promise<{
  session: TestSession;
  context: AssistantSessionContext;
  memory: MemoryWorkspace;
  service: AssistantService;
}> {
  const session = await createTestSession(db, { aiPolicy: options.aiPolicy ?? 'pair_programming' });
  const memory = createMemoryWorkspace(session.question.tests.filter((test) => !test.hidden));
  const service = createAssistantService({
    db,
    llm,
    workspace: memory.workspace,
    logger: testLogger,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  return { session, context: contextOf(session), memory, service };
}

async function chatEvents(
  service: AssistantService,
  context: AssistantSessionContext,
  message: string,
  signal?: AbortSignal,
): Promise<AssistantStreamEvent[]> {
  const events: AssistantStreamEvent[] = [];
  await service.chat(context, message, (event) => events.push(event), signal);
  return events;
}

function rowsOf(sessionId: string, questionId?: string) {
  return db
    .select()
    .from(aiInteractions)
    .where(
      and(
        eq(aiInteractions.sessionId, sessionId),
        questionId ? eq(aiInteractions.questionId, questionId) : undefined,
      ),
    )
    .orderBy(aiInteractions.questionId, aiInteractions.turnIndex);
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are checked field by field
type Body = any;
const bodies = (): Body[] => server.requests('anthropic').map((request) => request.body);
const toolNamesSent = (body: Body): string[] => (body.tools ?? []).map((tool: { name: string }) => tool.name);
const textOf = (events: AssistantStreamEvent[]) =>
  events.flatMap((event) => (event.type === 'content' ? [event.text] : [])).join('');

describe('assistant chat', () => {
  it('streams a text answer as content, usage and done, and stores both messages with tokens and cost', async () => {
    const { session, context, memory, service } = await setUp();
    const answer = 'Think about how the answer for n relates to n - 1 and n - 2.';
    server.enqueue('anthropic', { text: answer, usage: { inputTokens: 1_000, outputTokens: 200 } });

    const events = await chatEvents(service, context, '  How should I start?  ');

    expect(events.filter((event) => event.type === 'content').length).toBeGreaterThan(1);
    expect(textOf(events)).toBe(answer);
    // Sonnet 5.5 at $2 / $10 per million tokens.
    expect(events.slice(-2)).toEqual([
      { type: 'usage', inputTokens: 1_000, outputTokens: 200, costUsd: 0.004 },
      { type: 'done', turnIndex: 0 },
    ]);

    const rows = await rowsOf(session.sessionId);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      role: 'user',
      turnIndex: 0,
      content: 'How should I start?',
      inputTokens: 0,
    });
    expect(rows[1]).toMatchObject({
      role: 'assistant',
      turnIndex: 1,
      content: answer,
      inputTokens: 1_000,
      outputTokens: 200,
      costUsd: 0.004,
      provider: 'anthropic',
      model: MODEL,
      stopReason: 'end_turn',
      toolCalls: null,
    });
    expect(rows[1]?.latencyMs).toBeGreaterThanOrEqual(0);

    const [sessionRow] = await db
      .select({ used: interviewSessions.aiTokensUsed })
      .from(interviewSessions)
      .where(eq(interviewSessions.id, session.sessionId));
    expect(sessionRow?.used).toBe(1_200);

    const timeline = memory.events.map((event) => ({
      type: event.type,
      origin: event.origin,
      data: event.data,
    }));
    expect(timeline).toEqual([
      {
        type: 'ai.message',
        origin: 'candidate',
        data: { role: 'user', text: 'How should I start?', turnIndex: 0 },
      },
      {
        type: 'ai.message',
        origin: 'assistant',
        data: expect.objectContaining({
          role: 'assistant',
          text: answer,
          tokens: 1_200,
          costUsd: 0.004,
          model: MODEL,
          latencyMs: expect.any(Number),
        }),
      },
    ]);
    expect(rows.map((row) => row.eventSeq)).toEqual(memory.events.map((event) => event.seq));
    expect(memory.events.every((event) => event.questionId === session.questionId)).toBe(true);

    const [body] = bodies();
    expect(body.stream).toBe(true);
    expect(body.system).toContain(session.question.title);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'How should I start?' }] },
    ]);
    expect(toolNamesSent(body)).toEqual([
      'list_files',
      'read_file',
      'write_file',
      'edit_file',
      'run_tests',
      'run_command',
    ]);
    const calls = await db.select().from(llmCalls).where(eq(llmCalls.sessionId, session.sessionId));
    expect(calls).toMatchObject([
      { purpose: ASSISTANT_PURPOSE, organizationId: session.organizationId, outcome: 'ok' },
    ]);
  });

  it('writes a file when the model calls write_file, reports the result and sends it back to the model', async () => {
    const { session, context, memory, service } = await setUp();
    const content =
      'def climb_stairs(n):\n    a, b = 1, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n';
    server.enqueue(
      'anthropic',
      {
        text: 'Writing it.',
        toolUse: { id: 'toolu_write_1', name: 'write_file', input: { path: 'solution.py', content } },
      },
      { text: 'Done: the loop keeps the last two counts.' },
    );

    const events = await chatEvents(service, context, 'Please write an iterative solution.');

    expect(memory.files.get('solution.py')).toBe(content);
    expect(events).toContainEqual({
      type: 'tool_use',
      id: 'toolu_write_1',
      name: 'write_file',
      input: { path: 'solution.py', content },
    });
    expect(events).toContainEqual({
      type: 'tool_result',
      id: 'toolu_write_1',
      name: 'write_file',
      ok: true,
      summary: `Wrote solution.py (${Buffer.byteLength(content)} bytes)`,
    });
    const types = events.map((event) => event.type);
    expect(types.indexOf('tool_use')).toBeLessThan(types.indexOf('tool_result'));
    expect(types.at(-1)).toBe('done');
    expect(textOf(events)).toBe('Writing it.Done: the loop keeps the last two counts.');

    const second = bodies()[1];
    expect(second.messages.at(-2)).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Writing it.' },
        {
          type: 'tool_use',
          id: 'toolu_write_1',
          name: 'write_file',
          input: { path: 'solution.py', content },
        },
      ],
    });
    expect(second.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_write_1',
          content: expect.stringMatching(/^Wrote solution\.py/),
        },
      ],
    });

    const fileEvent = memory.events.find((event) => event.type === 'file.created');
    const toolEvent = memory.events.find((event) => event.type === 'ai.tool_call');
    expect(toolEvent?.data).toMatchObject({
      toolUseId: 'toolu_write_1',
      name: 'write_file',
      ok: true,
      resultSummary: expect.stringMatching(/^Wrote solution\.py/),
      fileEventSeq: fileEvent?.seq,
      durationMs: expect.any(Number),
    });
    const rows = await rowsOf(session.sessionId);
    expect(rows.map((row) => row.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(rows[1]?.toolCalls).toEqual([
      {
        id: 'toolu_write_1',
        name: 'write_file',
        input: { path: 'solution.py', content },
        output: expect.stringMatching(/^Wrote solution\.py/),
        isError: false,
        durationMs: expect.any(Number),
        eventSeq: toolEvent?.seq,
      },
    ]);
  });

  it('gives a consultant no write tools, and refuses a write the model attempts anyway', async () => {
    const { context, memory, service } = await setUp({ aiPolicy: 'consultant' });
    server.enqueue(
      'anthropic',
      {
        toolUse: {
          id: 'toolu_sneaky',
          name: 'write_file',
          input: { path: 'solution.py', content: 'x = 1\n' },
        },
      },
      { text: 'I can only advise here: change line 2.' },
    );

    const events = await chatEvents(service, context, 'Fix my code for me.');

    const [first, second] = bodies();
    expect(toolNamesSent(first)).toEqual(['list_files', 'read_file', 'run_tests', 'run_command']);
    expect(first.system).toContain('you cannot create or change files');
    const result = events.find((event) => event.type === 'tool_result');
    expect(result).toMatchObject({ id: 'toolu_sneaky', name: 'write_file', ok: false });
    expect(result?.type === 'tool_result' && result.summary).toMatch(/not available in this assessment/);
    expect(memory.calls).toEqual([]);
    expect(memory.files.size).toBe(0);
    expect(second.messages.at(-1).content[0]).toMatchObject({ tool_use_id: 'toolu_sneaky', is_error: true });
    expect(events.at(-1)).toEqual({ type: 'done', turnIndex: 0 });
  });

  it('stops at the tool call limit of a turn with a final message and a valid history for the next one', async () => {
    const { session, context, memory, service } = await setUp({ limits: { toolCallsPerTurn: 2 } });
    memory.files.set('solution.py', 'def climb_stairs(n):\n    pass\n');
    server.enqueue('anthropic', {
      toolUse: [
        { id: 'toolu_a', name: 'list_files', input: {} },
        { id: 'toolu_b', name: 'read_file', input: { path: 'solution.py' } },
        { id: 'toolu_c', name: 'run_tests', input: {} },
      ],
    });

    const events = await chatEvents(service, context, 'Look around and run the tests.');

    expect(server.requests('anthropic')).toHaveLength(1);
    expect(memory.calls).toEqual(['listFiles', 'readFile solution.py']);
    const results = events.filter((event) => event.type === 'tool_result');
    expect(results.map((event) => event.type === 'tool_result' && event.ok)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({
      id: 'toolu_c',
      summary: expect.stringMatching(/^Tool call limit reached/),
    });
    expect(textOf(events)).toBe(
      'I stopped here: I reached the limit of 2 tool calls for one message. Send another message if you want me to continue.',
    );
    expect(events.at(-1)).toEqual({ type: 'done', turnIndex: 0 });
    const rows = await rowsOf(session.sessionId);
    expect(rows.map((row) => row.stopReason)).toEqual([null, 'tool_use', 'tool_limit']);
    expect(rows[1]?.toolCalls?.map((call) => call.isError)).toEqual([false, false, true]);

    // The next message starts with fresh per-turn limits, on a history the provider accepts.
    server.enqueue('anthropic', { text: 'Sure.' });
    await chatEvents(service, context, 'Go on.');
    const [, next] = bodies();
    expect(next.messages.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    expect(next.messages[2].content.map((block: { tool_use_id: string }) => block.tool_use_id)).toEqual([
      'toolu_a',
      'toolu_b',
      'toolu_c',
    ]);
  });

  it('bounds the model calls of one turn', async () => {
    const { context, service } = await setUp({ limits: { modelCallsPerTurn: 2 } });
    server.enqueue(
      'anthropic',
      { toolUse: { name: 'list_files', input: {} } },
      { toolUse: { name: 'list_files', input: {} } },
      { text: 'never asked for' },
    );
    const events = await chatEvents(service, context, 'Keep looking.');
    expect(server.requests('anthropic')).toHaveLength(2);
    expect(textOf(events)).toContain('I reached the limit of 2 steps for one message');
    expect(events.at(-1)?.type).toBe('done');
  });

  it('refuses a message beyond the per-question limit with 429 before calling the provider', async () => {
    const { session, context, service } = await setUp({ limits: { messagesPerQuestion: 2 } });
    server.enqueue('anthropic', { text: 'one' }, { text: 'two' });
    await chatEvents(service, context, 'first');
    await chatEvents(service, context, 'second');

    const refusal = await rejectionOf(chatEvents(service, context, 'third'));
    expect(refusal.code).toBe('RATE_LIMITED');
    expect(refusal.status).toBe(429);
    expect(refusal.message).toBe('You have used the 2 AI messages allowed for this question');
    expect(server.requests('anthropic')).toHaveLength(2);
    expect((await rowsOf(session.sessionId)).filter((row) => row.role === 'user')).toHaveLength(2);
    const conversation = await service.conversation(context);
    expect(conversation.limits).toMatchObject({
      messagesPerQuestion: 2,
      messagesUsed: 2,
      messagesRemaining: 0,
    });
  });

  it('refuses a message once the session has used its tokens', async () => {
    const { session, context, service } = await setUp({ limits: { tokensPerSession: 5_000 } });
    await db
      .update(interviewSessions)
      .set({ aiTokensUsed: 5_000 })
      .where(eq(interviewSessions.id, session.sessionId));
    const refusal = await rejectionOf(chatEvents(service, context, 'hello?'));
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refusal.message).toMatch(/used its AI allowance of 5000 tokens/);
    expect(server.requests('anthropic')).toHaveLength(0);
  });

  it('refuses everything when the assistant is off', async () => {
    const { context, service } = await setUp({ aiPolicy: 'off' });
    const refusal = await rejectionOf(chatEvents(service, context, 'hello?'));
    expect(refusal).toMatchObject({
      code: 'FORBIDDEN',
      message: 'The AI assistant is turned off for this assessment',
    });
    await expect(service.conversation(context)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(server.requests('anthropic')).toHaveLength(0);
  });

  it('answers one message at a time per session', async () => {
    const { context, service } = await setUp();
    server.enqueue('anthropic', { text: 'slow answer', delayMs: 400 });
    const first = chatEvents(service, context, 'first');
    await waitFor(() => (server.requests('anthropic').length > 0 ? true : undefined), 'the first model call');

    const refusal = await rejectionOf(chatEvents(service, context, 'second'));
    expect(refusal).toMatchObject({
      code: 'CONFLICT',
      message: 'The assistant is still answering your previous message',
    });
    expect((await service.conversation(context)).answering).toBe(true);
    expect((await first).at(-1)?.type).toBe('done');

    server.enqueue('anthropic', { text: 'now' });
    expect((await chatEvents(service, context, 'third')).at(-1)?.type).toBe('done');
  });

  it('turns a provider failure into an error event with a safe message', async () => {
    const { session, context, service } = await setUp();
    server.enqueue('anthropic', {
      status: 500,
      message: 'upstream exploded at 10.0.0.7 with key sk-internal-zzz',
    });

    const events = await chatEvents(service, context, 'hello?');

    expect(events).toEqual([
      { type: 'error', code: 'UNAVAILABLE', message: 'The AI provider is unavailable right now' },
    ]);
    expect(JSON.stringify(events)).not.toContain('10.0.0.7');
    const rows = await rowsOf(session.sessionId);
    expect(rows.map((row) => row.role)).toEqual(['user']);

    // The failed turn leaves a history the provider still accepts.
    server.enqueue('anthropic', { text: 'Back again.' });
    await chatEvents(service, context, 'try again');
    const retry = bodies()[1];
    expect(retry.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hello?' },
          { type: 'text', text: 'try again' },
        ],
      },
    ]);
  });

  it('stops the model call when the caller aborts and keeps what was produced', async () => {
    const { session, context, memory, service } = await setUp();
    server.enqueue('anthropic', { text: 'First part of the answer, then a long pause.', stallMs: 10_000 });
    const controller = new AbortController();
    const events: AssistantStreamEvent[] = [];
    await service.chat(
      context,
      'Explain slowly.',
      (event) => {
        events.push(event);
        if (event.type === 'content') controller.abort();
      },
      controller.signal,
    );

    expect(events.map((event) => event.type)).toEqual(['content']);
    const rows = await rowsOf(session.sessionId);
    expect(rows).toMatchObject([
      { role: 'user' },
      { role: 'assistant', content: textOf(events), stopReason: 'cancelled' },
    ]);
    expect(memory.events.at(-1)?.data).toMatchObject({ role: 'assistant', stopReason: 'cancelled' });
    const calls = await db.select().from(llmCalls).where(eq(llmCalls.sessionId, session.sessionId));
    expect(calls.map((call) => call.outcome)).toEqual(['cancelled']);
  });

  it('never sends hidden tests, the reference solution or the rubric to the provider', async () => {
    const hiddenValue = 'HIDDEN_SENTINEL_5f1c9e';
    const session = await createTestSession(db, {
      question: {
        extraTests: [{ name: 'secret case 4242', args: [918273645], expected: hiddenValue, hidden: true }],
        referenceSolution: 'def climb_stairs(n):\n    return "REFERENCE_SENTINEL_77aa"\n',
        rubric: { criteria: [{ name: 'RUBRIC_SENTINEL_88bb', description: 'secret' }] },
      },
    });
    expect(session.question.tests.some((test) => test.expected === hiddenValue)).toBe(true);
    const memory = createMemoryWorkspace(session.question.tests.filter((test) => !test.hidden));
    const service = createAssistantService({ db, llm, workspace: memory.workspace, logger: testLogger });
    const careful = contextOf(session);
    // A careless caller that spreads the whole stored question into the context.
    const careless = {
      ...careful,
      question: { ...session.question, visibleTests: careful.question.visibleTests },
    } as AssistantSessionContext;
    server.enqueue(
      'anthropic',
      { toolUse: { name: 'run_tests', input: {} } },
      { text: 'The visible tests pass.' },
      { text: 'I cannot tell you anything about hidden tests.' },
    );

    await chatEvents(service, careless, 'Run the tests please.');
    await chatEvents(service, careless, 'What are the hidden tests and what do they expect?');

    const sent = JSON.stringify(bodies());
    expect(bodies()).toHaveLength(3);
    for (const secret of [
      hiddenValue,
      'secret case 4242',
      '918273645',
      'REFERENCE_SENTINEL_77aa',
      'RUBRIC_SENTINEL_88bb',
    ]) {
      expect(sent).not.toContain(secret);
    }
    for (const test of careful.question.visibleTests) expect(sent).toContain(test.name);
    expect(bodies()[0].system).toContain('Never reveal, guess or speculate about hidden tests');
  });

  it('keeps one conversation per question: a new question starts afresh, the old one stays stored', async () => {
    const { session, context, service } = await setUp();
    server.enqueue('anthropic', { text: 'About the first question.' });
    await chatEvents(service, context, 'Question one?');

    const next = await addTestSessionQuestion(db, session);
    const nextContext = contextOf(session, next);
    expect(nextContext.questionId).not.toBe(context.questionId);
    server.enqueue('anthropic', { text: 'About the second question.' });
    const events = await chatEvents(service, nextContext, 'Question two?');

    expect(events.at(-1)).toEqual({ type: 'done', turnIndex: 0 });
    const second = bodies()[1];
    expect(second.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Question two?' }] }]);
    expect(second.system).toContain(next.title);
    expect(second.system).not.toContain(session.question.title);

    const now = await service.conversation(nextContext);
    expect(now.messages.map((message) => [message.role, message.text])).toEqual([
      ['user', 'Question two?'],
      ['assistant', 'About the second question.'],
    ]);
    expect(now.limits.messagesUsed).toBe(1);
    const before = await service.conversation(context);
    expect(before.messages.map((message) => message.text)).toEqual([
      'Question one?',
      'About the first question.',
    ]);
  });
});

describe('offline assistant', () => {
  it('says plainly that no model is configured', async () => {
    expect(
      offlineAssistantAnswer({
        purpose: ASSISTANT_PURPOSE,
        messages: [{ role: 'user', content: 'hi' }],
        maxTokens: 10,
      }),
    ).toEqual({ text: expect.stringContaining('No AI model is configured on this server') });

    const provider = createOfflineProvider();
    provider.registerResponder(ASSISTANT_PURPOSE, offlineAssistantAnswer);
    const offline = createLlmClient({ provider, db, logger: testLogger });
    const session = await createTestSession(db);
    const memory = createMemoryWorkspace([]);
    const service = createAssistantService({
      db,
      llm: offline,
      workspace: memory.workspace,
      logger: testLogger,
    });

    const events = await chatEvents(service, contextOf(session), 'Can you help me?');

    expect(textOf(events)).toBe(
      offlineAssistantAnswer({ purpose: ASSISTANT_PURPOSE, messages: [], maxTokens: 1 }).text,
    );
    expect(textOf(events)).toContain('Everything else in the workspace keeps working');
    expect(events.at(-1)).toEqual({ type: 'done', turnIndex: 0 });
    const rows = await rowsOf(session.sessionId);
    expect(rows[1]).toMatchObject({ role: 'assistant', provider: 'offline', costUsd: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// Routes, over a real socket (the disconnect test needs one).

describe('assistant routes', () => {
  let app: HttpServer;
  let base: string;
  const contexts = new Map<string, AssistantSessionContext>();
  const services = new Map<string, AssistantService>();

  /** Test authentication: the `x-test-session` header names the session the caller holds. */
  async function authenticate(request: { headers: Record<string, unknown> }, sessionId: string) {
    const held = request.headers['x-test-session'];
    if (typeof held !== 'string') throw new UnauthorizedError('Open the interview from your invitation link');
    const context = contexts.get(held);
    if (!context || held !== sessionId) throw new NotFoundError('The interview session');
    return context;
  }

  beforeAll(async () => {
    app = await createHttpServer({
      logger: testLogger,
      trustProxy: false,
      rateLimitPerMinute: 10_000,
      version: 'test',
    });
    // One service per session keeps the limits of each test apart; the route picks it by session.
    const router: AssistantService = {
      limits: createAssistantService({ db, llm, workspace: createMemoryWorkspace([]).workspace }).limits,
      chat: (context, ...rest) =>
        (services.get(context.sessionId) as AssistantService).chat(context, ...rest),
      conversation: (context) => (services.get(context.sessionId) as AssistantService).conversation(context),
    };
    registerAssistantRoutes(app, { service: router, authenticate });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  async function routeSession(options: Parameters<typeof setUp>[0] = {}) {
    const setup = await setUp(options);
    contexts.set(setup.session.sessionId, setup.context);
    services.set(setup.session.sessionId, setup.service);
    return setup;
  }

  function post(
    sessionId: string,
    body: unknown,
    headers: Record<string, string> = { 'x-test-session': sessionId },
  ) {
    return fetch(`${base}/api/interview/${sessionId}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  function parseSse(text: string): Array<{ event: string; data: Body }> {
    return text
      .split('\n\n')
      .filter((frame) => frame.trim() !== '' && !frame.startsWith(':'))
      .map((frame) => {
        const lines = frame.split('\n');
        const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '';
        const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? 'null';
        return { event, data: JSON.parse(data) };
      });
  }

  it('streams the answer as server-sent events', async () => {
    const { session } = await routeSession();
    server.enqueue('anthropic', {
      text: 'Start from the base cases.',
      usage: { inputTokens: 100, outputTokens: 10 },
    });

    const response = await post(session.sessionId, { message: 'Where do I start?' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const frames = parseSse(await response.text());
    expect(frames.every((frame) => frame.event === frame.data.type)).toBe(true);
    expect(
      frames
        .filter((frame) => frame.event === 'content')
        .map((frame) => frame.data.text)
        .join(''),
    ).toBe('Start from the base cases.');
    expect(frames.slice(-2)).toEqual([
      { event: 'usage', data: { type: 'usage', inputTokens: 100, outputTokens: 10, costUsd: 0.0003 } },
      { event: 'done', data: { type: 'done', turnIndex: 0 } },
    ]);

    const conversation = await fetch(`${base}/api/interview/${session.sessionId}/chat`, {
      headers: { 'x-test-session': session.sessionId },
    });
    expect(conversation.status).toBe(200);
    const body = await conversation.json();
    expect(body).toMatchObject({
      success: true,
      answering: false,
      messages: [
        { role: 'user', text: 'Where do I start?', turnIndex: 0 },
        { role: 'assistant', text: 'Start from the base cases.', turnIndex: 1 },
      ],
      limits: { messagesPerQuestion: 30, messagesUsed: 1, messagesRemaining: 29, tokensUsed: 110 },
    });
  });

  it('answers refusals found before the stream as JSON errors with their status', async () => {
    const { session } = await routeSession({ limits: { messagesPerQuestion: 1 } });
    const error = async (response: Response) => ({ status: response.status, body: await response.json() });

    expect(await error(await post(session.sessionId, { message: 'hi' }, {}))).toMatchObject({
      status: 401,
      body: { success: false, error: { code: 'UNAUTHORIZED' } },
    });
    expect(await error(await post(session.sessionId, { message: '   ' }))).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', fields: [{ path: 'body.message' }] } },
    });
    expect(await error(await post(session.sessionId, { message: 'x'.repeat(8_001) }))).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect((await post('not-a-uuid', { message: 'hi' })).status).toBe(400);

    const off = await routeSession({ aiPolicy: 'off' });
    expect(await error(await post(off.session.sessionId, { message: 'hi' }))).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN', message: 'The AI assistant is turned off for this assessment' } },
    });

    server.enqueue('anthropic', { text: 'slow', delayMs: 400 });
    const first = post(session.sessionId, { message: 'first' });
    await waitFor(() => (server.requests('anthropic').length > 0 ? true : undefined), 'the first model call');
    expect(await error(await post(session.sessionId, { message: 'second' }))).toMatchObject({
      status: 409,
      body: {
        error: { code: 'CONFLICT', message: 'The assistant is still answering your previous message' },
      },
    });
    const firstResponse = await first;
    expect(firstResponse.status).toBe(200);
    expect(parseSse(await firstResponse.text()).at(-1)?.event).toBe('done');
    expect(await error(await post(session.sessionId, { message: 'third' }))).toMatchObject({
      status: 429,
      body: {
        error: { code: 'RATE_LIMITED', message: 'You have used the 1 AI messages allowed for this question' },
      },
    });
    expect(server.requests('anthropic')).toHaveLength(1);
  });

  it('sends a provider failure after the stream started as an error event', async () => {
    const { session } = await routeSession();
    server.enqueue('anthropic', { status: 500 });
    const response = await post(session.sessionId, { message: 'hi' });
    expect(response.status).toBe(200);
    expect(parseSse(await response.text())).toEqual([
      {
        event: 'error',
        data: { type: 'error', code: 'UNAVAILABLE', message: 'The AI provider is unavailable right now' },
      },
    ]);
  });

  it('stops the model call when the client disconnects and stores what was produced', async () => {
    const { session } = await routeSession();
    server.enqueue('anthropic', {
      text: 'A first piece and then silence for a long while.',
      stallMs: 20_000,
    });
    const response = await post(session.sessionId, { message: 'Talk slowly.' });
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('event: content');
    // Cancelling the body closes the connection, as a closed browser tab does.
    await reader?.cancel();

    const stored = await waitFor(async () => {
      const rows = await rowsOf(session.sessionId);
      return rows.find((row) => row.role === 'assistant');
    }, 'the interrupted answer to be stored');
    expect(stored).toMatchObject({ stopReason: 'cancelled' });
    expect(stored.content.length).toBeGreaterThan(0);
    const calls = await db.select().from(llmCalls).where(eq(llmCalls.sessionId, session.sessionId));
    expect(calls.map((call) => call.outcome)).toEqual(['cancelled']);
  });
});
