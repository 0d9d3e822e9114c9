/**
 * The LLM layer end to end: the real Anthropic and OpenAI SDKs over HTTP against the scripted fake
 * provider server, the LLM client's budgets and circuit breaker, and every call's row in
 * `llm_calls` on a real PostgreSQL database.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import {
  type FakeApi,
  type FakeLlmServer,
  startFakeLlmServer,
} from '../../../test/support/fake-llm-server.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { assessments, candidates, interviewSessions, llmCalls, organizations } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { createAnthropicProvider } from './anthropic.driver.ts';
import { type BreakerOptions, createLlmClient, type LlmBudgets } from './llm.service.ts';
import { createOfflineProvider, isOfflineProvider } from './offline.driver.ts';
import { createOpenAiProvider } from './openai.driver.ts';
import { createLlmProvider } from './provider.driver.ts';
import {
  type LlmProvider,
  type LlmRequest,
  type LlmResponse,
  type LlmSettings,
  type LlmStreamEvent,
  priceTable,
} from './types.ts';

const ANTHROPIC_KEY = 'sk-ant-test-0123456789abcdef';
const OPENAI_KEY = 'sk-test-0123456789abcdef';

let database: TestDatabase;
let server: FakeLlmServer;
let organizationId: string;
let sessionId: string;

/** An organization with one interview session (budgets are counted per organization and per session). */
async function seedSession(): Promise<{ organizationId: string; sessionId: string }> {
  const db = database.handle.db;
  const slug = `org-${randomUUID().slice(0, 8)}`;
  const [organization] = await db.insert(organizations).values({ name: slug, slug }).returning();
  if (!organization) throw new Error('no organization');
  const [assessment] = await db
    .insert(assessments)
    .values({
      organizationId: organization.id,
      title: 'Backend',
      role: 'backend',
      seniority: 'mid',
      durationMinutes: 60,
      languages: ['python'],
      difficultyMix: { easy: 1, medium: 1, hard: 1 },
      questionCount: 3,
    })
    .returning();
  if (!assessment) throw new Error('no assessment');
  const [candidate] = await db
    .insert(candidates)
    .values({
      organizationId: organization.id,
      assessmentId: assessment.id,
      email: 'ada@example.com',
      name: 'Ada',
    })
    .returning();
  if (!candidate) throw new Error('no candidate');
  const [session] = await db
    .insert(interviewSessions)
    .values({
      organizationId: organization.id,
      candidateId: candidate.id,
      assessmentId: assessment.id,
      language: 'python',
      credentialHash: randomUUID(),
      consentAt: new Date(),
      deadlineAt: new Date(Date.now() + 3_600_000),
    })
    .returning();
  if (!session) throw new Error('no session');
  return { organizationId: organization.id, sessionId: session.id };
}

beforeAll(async () => {
  [database, server] = await Promise.all([createTestDatabase(), startFakeLlmServer()]);
  ({ organizationId, sessionId } = await seedSession());
});

afterAll(async () => {
  await server?.close();
  await database?.drop();
});

beforeEach(() => server.reset());

function providerFor(api: FakeApi, options: { maxRetries?: number; timeoutMs?: number } = {}): LlmProvider {
  const common = {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 2,
    prices: priceTable,
    logger: testLogger,
  };
  return api === 'anthropic'
    ? createAnthropicProvider({
        ...common,
        apiKey: ANTHROPIC_KEY,
        baseUrl: server.anthropicBaseUrl,
        model: 'claude-sonnet-5-5',
      })
    : createOpenAiProvider({
        ...common,
        apiKey: OPENAI_KEY,
        baseUrl: server.openaiBaseUrl,
        model: 'gpt-5.6-terra',
      });
}

function clientFor(
  provider: LlmProvider,
  options: { budgets?: LlmBudgets; breaker?: BreakerOptions; now?: () => Date } = {},
) {
  return createLlmClient({ provider, db: database.handle.db, logger: testLogger, ...options });
}

/** A unique purpose per test keeps each test's `llm_calls` rows apart in the shared database. */
function ask(text: string, extra: Partial<LlmRequest> = {}): LlmRequest {
  return {
    purpose: `test.${randomUUID()}`,
    system: 'You are a terse interviewer.',
    messages: [{ role: 'user', content: text }],
    maxTokens: 256,
    ...extra,
  };
}

function rowsFor(purpose: string) {
  return database.handle.db
    .select()
    .from(llmCalls)
    .where(eq(llmCalls.purpose, purpose))
    .orderBy(llmCalls.createdAt);
}

async function collect(events: AsyncIterable<LlmStreamEvent>): Promise<LlmStreamEvent[]> {
  const seen: LlmStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

function doneOf(events: LlmStreamEvent[]): LlmResponse {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`stream did not end with done: ${JSON.stringify(last)}`);
  return last.response;
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const runTestsTool = {
  name: 'run_tests',
  description: 'Runs the candidate tests',
  inputSchema: { type: 'object' as const, properties: { file: { type: 'string' } }, required: ['file'] },
};

describe.each(['anthropic', 'openai'] as const)('%s through the real SDK', (api) => {
  it('completes a prompt and records tokens, cost, latency and the request id', async () => {
    server.enqueue(api, { text: 'Hello, candidate.', usage: { inputTokens: 1_000, outputTokens: 500 } });
    const request = ask('Say hello', { organizationId, sessionId });
    const response = await clientFor(providerFor(api)).complete(request);

    expect(response.text).toBe('Hello, candidate.');
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toEqual({ inputTokens: 1_000, outputTokens: 500 });
    // Sonnet 5.5 $2/$10 and GPT-5.6 Terra $2.5/$15 per million tokens.
    expect(response.costUsd).toBe(api === 'anthropic' ? 0.007 : 0.01);
    expect(response.provider).toBe(api);

    const [sent] = server.requests(api);
    expect(response.requestId).toBe(sent?.requestId);
    expect(JSON.stringify(sent?.headers)).toContain(api === 'anthropic' ? ANTHROPIC_KEY : OPENAI_KEY);
    const body = sent?.body as Record<string, unknown>;
    if (api === 'anthropic') {
      expect(body).toMatchObject({
        model: 'claude-sonnet-5-5',
        max_tokens: 256,
        system: 'You are a terse interviewer.',
      });
    } else {
      expect(body).toMatchObject({ model: 'gpt-5.6-terra', max_tokens: 256 });
      expect(body.messages).toEqual([
        { role: 'system', content: 'You are a terse interviewer.' },
        { role: 'user', content: 'Say hello' },
      ]);
    }
    // Sampling parameters are left to the model unless asked for (newer models reject them).
    expect(body).not.toHaveProperty('temperature');

    const rows = await rowsFor(request.purpose);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organizationId,
      sessionId,
      provider: api,
      outcome: 'ok',
      inputTokens: 1_000,
      outputTokens: 500,
      costUsd: response.costUsd,
      requestId: response.requestId,
      error: null,
    });
    expect(rows[0]?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('streams text in pieces and ends with the whole response', async () => {
    const text = 'Consider the edge case where the input list is empty.';
    server.enqueue(api, { text, usage: { inputTokens: 40, outputTokens: 12 } });
    const request = ask('Hint please');
    const events = await collect(clientFor(providerFor(api)).stream(request));

    const pieces = events.flatMap((event) => (event.type === 'text' ? [event.text] : []));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(text);
    const response = doneOf(events);
    expect(response).toMatchObject({
      text,
      stopReason: 'end_turn',
      usage: { inputTokens: 40, outputTokens: 12 },
    });
    expect(server.requests(api)[0]?.stream).toBe(true);
    if (api === 'openai') {
      expect(server.requests(api)[0]?.body).toMatchObject({ stream_options: { include_usage: true } });
    }

    const rows = await rowsFor(request.purpose);
    expect(rows).toMatchObject([
      { outcome: 'ok', inputTokens: 40, outputTokens: 12, requestId: response.requestId },
    ]);
    expect(response.requestId).toBe(server.requests(api)[0]?.requestId);
  });

  it('returns a tool call, and sends the tool result back in the API shape', async () => {
    server.enqueue(
      api,
      { text: 'Let me run them.', toolUse: { name: 'run_tests', input: { file: 'main.py', verbose: true } } },
      { text: 'All tests pass.' },
    );
    const client = clientFor(providerFor(api));
    const first = await client.complete(ask('Run my tests', { tools: [runTestsTool] }));
    expect(first.stopReason).toBe('tool_use');
    expect(first.text).toBe('Let me run them.');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0];
    if (!call) throw new Error('no tool call');
    expect(call).toMatchObject({ name: 'run_tests', input: { file: 'main.py', verbose: true } });

    const second = await client.complete(
      ask('Run my tests', {
        tools: [runTestsTool],
        messages: [
          { role: 'user', content: 'Run my tests' },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: first.text },
              { type: 'tool_use', id: call.id, name: call.name, input: call.input },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', toolUseId: call.id, content: '3 passed' }] },
        ],
      }),
    );
    expect(second.text).toBe('All tests pass.');

    const [toolRequest, resultRequest] = server.requests(api);
    const sentTools = (toolRequest?.body as { tools?: unknown[] } | undefined)?.tools;
    const messages = (resultRequest?.body as { messages?: unknown[] } | undefined)?.messages ?? [];
    if (api === 'anthropic') {
      expect(sentTools).toEqual([
        {
          name: 'run_tests',
          description: 'Runs the candidate tests',
          input_schema: runTestsTool.inputSchema,
        },
      ]);
      expect(messages.at(-1)).toEqual({
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: call.id, content: '3 passed' }],
      });
    } else {
      expect(sentTools).toEqual([
        {
          type: 'function',
          function: {
            name: 'run_tests',
            description: 'Runs the candidate tests',
            parameters: runTestsTool.inputSchema,
          },
        },
      ]);
      expect(messages.slice(-2)).toEqual([
        {
          role: 'assistant',
          content: 'Let me run them.',
          tool_calls: [
            {
              id: call.id,
              type: 'function',
              function: { name: 'run_tests', arguments: JSON.stringify(call.input) },
            },
          ],
        },
        { role: 'tool', tool_call_id: call.id, content: '3 passed' },
      ]);
    }
  });

  it('streams a tool call once its JSON is whole', async () => {
    const input = { file: 'solution.py', cases: [1, 2, 3], options: { timeout: 5 } };
    server.enqueue(api, {
      text: 'Running.',
      toolUse: [
        { name: 'run_tests', input },
        { name: 'lint', input: {} },
      ],
    });
    const events = await collect(clientFor(providerFor(api)).stream(ask('Run', { tools: [runTestsTool] })));

    const toolEvents = events.filter((event) => event.type === 'tool_use');
    expect(toolEvents).toMatchObject([
      { type: 'tool_use', name: 'run_tests', input },
      { type: 'tool_use', name: 'lint', input: {} },
    ]);
    const response = doneOf(events);
    expect(response.stopReason).toBe('tool_use');
    expect(response.text).toBe('Running.');
    expect(response.toolCalls.map((call) => call.name)).toEqual(['run_tests', 'lint']);
  });

  it('waits as long as a 429 retry-after asks, then succeeds', async () => {
    server.enqueue(api, { status: 429, retryAfterSeconds: 1 }, { text: 'made it' });
    const request = ask('Busy?');
    const response = await clientFor(providerFor(api)).complete(request);

    expect(response.text).toBe('made it');
    const [limited, retried] = server.requests(api);
    const waited = (retried?.at ?? 0) - (limited?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(3_000);
    // The SDK's retries are one call for us: one row, a success.
    expect(await rowsFor(request.purpose)).toMatchObject([{ outcome: 'ok' }]);
  });

  it('lets the SDK retry a 500 and succeeds', async () => {
    server.enqueue(api, { status: 500 }, { text: 'second time lucky' });
    const request = ask('Flaky?');
    const response = await clientFor(providerFor(api)).complete(request);
    expect(response.text).toBe('second time lucky');
    expect(server.requests(api)).toHaveLength(2);
    expect(await rowsFor(request.purpose)).toMatchObject([{ outcome: 'ok' }]);
  });

  it('gives up on a provider slower than the timeout with a clear error, recorded as a timeout', async () => {
    server.enqueue(api, { delayMs: 3_000, text: 'too late' });
    const request = ask('Slow?', { timeoutMs: 300 });
    const started = performance.now();
    const error = await rejectionOf(clientFor(providerFor(api, { maxRetries: 0 })).complete(request));

    expect(performance.now() - started).toBeLessThan(2_500);
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('The AI provider did not answer within 1 s');
    expect(await rowsFor(request.purpose)).toMatchObject([{ outcome: 'timeout', inputTokens: 0 }]);
  });

  it('stops a stream that goes silent for longer than the timeout, keeping what arrived', async () => {
    server.enqueue(api, { text: 'The first words, then nothing for a long while.', stallMs: 3_000 });
    const request = ask('Stall', { timeoutMs: 300 });
    const received: string[] = [];
    const started = performance.now();
    const error = await rejectionOf(
      (async () => {
        for await (const event of clientFor(providerFor(api, { maxRetries: 0 })).stream(request)) {
          if (event.type === 'text') received.push(event.text);
        }
      })(),
    );
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(received.length).toBe(1);
    expect(error.message).toBe('The AI provider did not answer within 1 s');
    const [row] = await rowsFor(request.purpose);
    expect(row).toMatchObject({ outcome: 'timeout', requestId: server.requests(api)[0]?.requestId });
  });

  it('passes malformed JSON from the model through as text for the caller to validate', async () => {
    const broken = '{"title": "Two sum", "difficulty": ';
    server.enqueue(api, { text: broken }, { text: broken });
    const client = clientFor(providerFor(api));
    expect((await client.complete(ask('Give me JSON'))).text).toBe(broken);
    expect(doneOf(await collect(client.stream(ask('Give me JSON')))).text).toBe(broken);
  });

  it('reports a body that is not the API at all as unreadable, and records it', async () => {
    server.enqueue(api, { raw: 'not json at all' });
    const request = ask('Hello?');
    const error = await rejectionOf(clientFor(providerFor(api)).complete(request));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('The AI provider sent a response that could not be read');
    expect(await rowsFor(request.purpose)).toMatchObject([{ outcome: 'error' }]);
  });

  it('never shows the API key to clients or stores it, even when the provider echoes it', async () => {
    const key = api === 'anthropic' ? ANTHROPIC_KEY : OPENAI_KEY;
    server.enqueue(api, { status: 401, message: `invalid api key ${key}` });
    const request = ask('Hello?');
    const error = await rejectionOf(clientFor(providerFor(api)).complete(request));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('The AI provider rejected the configured credentials');
    const [row] = await rowsFor(request.purpose);
    expect(row?.outcome).toBe('error');
    expect(row?.error).toContain('401');
    expect(row?.error).not.toContain(key);
  });

  it('cancels the provider call when the consumer stops reading, and records that', async () => {
    server.enqueue(api, { text: 'A long answer that nobody will read to the end.' });
    const request = ask('Talk');
    for await (const event of clientFor(providerFor(api)).stream(request)) {
      if (event.type === 'text') break;
    }
    expect(await rowsFor(request.purpose)).toMatchObject([{ outcome: 'cancelled' }]);
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, fails fast, then lets one trial through after openMs', async () => {
    let clock = new Date('2026-11-10T12:00:00Z');
    const client = clientFor(providerFor('anthropic', { maxRetries: 0 }), {
      breaker: { failureThreshold: 3, openMs: 30_000 },
      now: () => clock,
    });
    const purpose = `test.${randomUUID()}`;
    const request = { ...ask('Anyone there?'), purpose };

    server.enqueue('anthropic', { status: 500 }, { status: 503 }, { status: 529 });
    for (let i = 0; i < 3; i++) {
      const error = await rejectionOf(client.complete(request));
      expect(error.message).toBe('The AI provider is unavailable right now');
    }
    expect(client.breakerState()).toEqual({ state: 'open', consecutiveFailures: 3, openedAt: clock });

    // Open: refused without asking the provider.
    clock = new Date(clock.getTime() + 10_000);
    const fast = await rejectionOf(client.complete(request));
    expect(fast.code).toBe('UNAVAILABLE');
    expect(fast.message).toBe('The AI provider is unavailable; retrying in 20 s');
    expect(fast.retryAfterSeconds).toBe(20);
    expect(server.requests('anthropic')).toHaveLength(3);

    // Half-open: one trial; its failure opens the breaker again.
    clock = new Date(clock.getTime() + 20_000);
    expect(client.breakerState().state).toBe('half-open');
    server.enqueue('anthropic', { status: 500 });
    await rejectionOf(client.complete(request));
    expect(client.breakerState()).toMatchObject({ state: 'open', consecutiveFailures: 4, openedAt: clock });

    // Half-open again: a successful trial closes it.
    clock = new Date(clock.getTime() + 30_000);
    server.enqueue('anthropic', { text: 'back' });
    expect((await client.complete(request)).text).toBe('back');
    expect(client.breakerState()).toEqual({ state: 'closed', consecutiveFailures: 0 });
    expect(server.requests('anthropic')).toHaveLength(5);

    const outcomes = (await rowsFor(purpose)).map((row) => row.outcome);
    expect(outcomes).toEqual(['error', 'error', 'error', 'circuit_open', 'error', 'ok']);
  });

  it('does not blame the provider for a request it refused as invalid', async () => {
    const client = clientFor(providerFor('openai', { maxRetries: 0 }), { breaker: { failureThreshold: 1 } });
    server.enqueue('openai', { status: 400, message: 'context too long' });
    const error = await rejectionOf(client.complete(ask('Huge')));
    expect(error.code).toBe('BAD_REQUEST');
    expect(client.breakerState().state).toBe('closed');
  });
});

describe('token budgets', () => {
  it('refuses an organization over its daily budget, counting only today (UTC)', async () => {
    const clock = new Date('2026-11-10T15:00:00Z');
    const db = database.handle.db;
    const other = { id: (await seedSession()).organizationId };
    const base = {
      organizationId: other.id,
      purpose: 'seed',
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
    };
    // Yesterday's 5000 tokens do not count; today's 600 + 500 do.
    await db.insert(llmCalls).values([
      {
        ...base,
        inputTokens: 4_000,
        outputTokens: 1_000,
        latencyMs: 1,
        outcome: 'ok',
        createdAt: new Date('2026-11-09T23:59:00Z'),
      },
      {
        ...base,
        inputTokens: 400,
        outputTokens: 200,
        latencyMs: 1,
        outcome: 'ok',
        createdAt: new Date('2026-11-10T00:00:01Z'),
      },
    ]);
    const client = clientFor(createOfflineProvider(), {
      budgets: { organizationDailyTokens: 1_100 },
      now: () => clock,
    });

    await client.complete(ask('under budget', { organizationId: other.id }));
    await db.insert(llmCalls).values({
      ...base,
      inputTokens: 300,
      outputTokens: 200,
      latencyMs: 1,
      outcome: 'ok',
      createdAt: clock,
    });

    const request = ask('over budget', { organizationId: other.id });
    const error = await rejectionOf(client.complete(request));
    expect(error.code).toBe('PAYMENT_REQUIRED');
    expect(error.message).toMatch(
      /^This organization has used its daily AI token budget \(\d+ of 1100 tokens\)/,
    );
    expect(error.retryAfterSeconds).toBe(9 * 3600);
    const [row] = await rowsFor(request.purpose);
    expect(row).toMatchObject({ outcome: 'rate_limited', inputTokens: 0 });
    expect(row?.error).toContain('daily AI token budget');
  });

  it('refuses a session once its recorded calls reach the session budget', async () => {
    const { sessionId } = await seedSession();
    server.enqueue('openai', { text: 'first', usage: { inputTokens: 300, outputTokens: 300 } });
    const client = clientFor(providerFor('openai'), { budgets: { sessionTokens: 500 } });
    expect((await client.complete(ask('one', { sessionId }))).text).toBe('first');

    const error = await rejectionOf(client.complete(ask('two', { sessionId })));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(
      /^This interview session has used its AI token budget \(\d+ of 500 tokens\)$/,
    );
    // Refused before the provider was asked.
    expect(server.requests('openai')).toHaveLength(1);

    // Streams are refused the same way.
    const streamed = await rejectionOf(collect(client.stream(ask('three', { sessionId }))));
    expect(streamed.code).toBe('RATE_LIMITED');
  });
});

describe('offline provider', () => {
  it('answers deterministically with a labelled placeholder derived from the last user message', async () => {
    const provider = createOfflineProvider();
    const request = ask('How do I reverse a linked list?');
    const first = await provider.complete(request);
    const second = await provider.complete(request);
    expect(first.text).toBe(second.text);
    expect(first.text).toMatch(/^\[offline model\] /);
    expect(first.text).toContain('How do I reverse a linked list?');
    expect(first).toMatchObject({ costUsd: 0, provider: 'offline', stopReason: 'end_turn', toolCalls: [] });
    expect(first.usage.outputTokens).toBe(Math.ceil(first.text.length / 4));
    expect((await provider.complete(ask('Something else'))).text).not.toBe(first.text);
  });

  it('uses the responder registered for a purpose, streamed like a real provider, and records it as offline', async () => {
    const provider = createOfflineProvider({
      responders: { 'questions.generate': () => ({ text: '{"title":"Two sum"}' }) },
    });
    provider.registerResponder('assistant.chat', (request) => ({
      text: 'Running the tests.',
      toolCalls: [{ name: 'run_tests', input: { turns: request.messages.length } }],
    }));
    const client = clientFor(provider);

    const question = await client.complete({ ...ask('Generate'), purpose: 'questions.generate' });
    expect(question.text).toBe('{"title":"Two sum"}');

    const purpose = 'assistant.chat';
    const events = await collect(client.stream({ ...ask('Run them'), purpose, organizationId }));
    expect(events.filter((event) => event.type === 'text').length).toBeGreaterThan(1);
    expect(events.filter((event) => event.type === 'tool_use')).toEqual([
      { type: 'tool_use', id: 'offline_tool_1', name: 'run_tests', input: { turns: 1 } },
    ]);
    expect(doneOf(events).stopReason).toBe('tool_use');

    const [row] = await rowsFor(purpose);
    expect(row).toMatchObject({ provider: 'offline', model: 'offline', outcome: 'offline', costUsd: 0 });
    expect(row?.inputTokens).toBeGreaterThan(0);
  });
});

describe('createLlmProvider', () => {
  const settings = (provider: LlmSettings['provider']): LlmSettings => ({
    provider,
    anthropic: { apiKey: ANTHROPIC_KEY, baseUrl: undefined, model: 'claude-sonnet-5-5' },
    openai: { apiKey: undefined, baseUrl: 'http://127.0.0.1:1/v1', model: 'llama3' },
    timeoutMs: 1_000,
    maxRetries: 0,
    budgets: { organizationDailyTokens: undefined, sessionTokens: undefined },
    prices: priceTable,
  });

  it('builds the provider the settings name, with its model', () => {
    expect(createLlmProvider(settings('anthropic'), testLogger)).toMatchObject({
      name: 'anthropic',
      defaultModel: 'claude-sonnet-5-5',
    });
    expect(createLlmProvider(settings('openai'), testLogger)).toMatchObject({
      name: 'openai',
      defaultModel: 'llama3',
    });
    const offline = createLlmProvider(settings('offline'), testLogger);
    expect(isOfflineProvider(offline)).toBe(true);
  });
});
