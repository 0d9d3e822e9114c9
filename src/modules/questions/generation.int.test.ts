/**
 * generateQuestion end to end: real PostgreSQL, Redis and sandbox; the offline provider, and the
 * real Anthropic SDK against the fake Anthropic server. A generated question is stored only once
 * its reference solution passed in the sandbox; a wrong one is sent back with the reason.
 */
import { availableParallelism } from 'node:os';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../../test/support/fake-llm-server.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { organizations, problemSeeds, questions } from '../../platform/db/schema/index.ts';
import { createLlmClient } from '../../platform/llm/llm.service.ts';
import { createOfflineProvider } from '../../platform/llm/offline.driver.ts';
import { createLlmProvider } from '../../platform/llm/provider.driver.ts';
import { priceTable } from '../../platform/llm/types.ts';
import { createSandbox, type Sandbox } from '../sandbox/index.ts';
import { loadBank } from './bank.loader.driver.ts';
import type { BankEntry } from './bank.schema.ts';
import { seedQuestionBank } from './bank.service.ts';
import { createQuestionGenerator, type QuestionGenerator } from './generation.service.ts';
import { offlineQuestion, offlineQuestionAnswer, promptTexts } from './offline-questions.ts';
import { createQuestionCache, type QuestionCache } from './question-cache.service.ts';

let database: TestDatabase;
let redis: Redis;
let sandbox: Sandbox;
let bank: BankEntry[];
let cache: QuestionCache;
let fake: FakeLlmServer;
const prefix = uniquePrefix('qgen');

function offlineGenerator(): QuestionGenerator {
  const provider = createOfflineProvider({
    responders: {
      'question-generation': (request) => ({
        text: offlineQuestionAnswer(bank, promptTexts(request.messages)),
      }),
    },
  });
  return createQuestionGenerator({
    db: database.handle.db,
    model: createLlmClient({ provider, db: database.handle.db, logger: testLogger }),
    run: (request) => sandbox.run(request),
    cache,
    logger: testLogger,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  bank = loadBank();
  await seedQuestionBank(database.handle.db, testLogger, bank);
  redis = new Redis(testRedisUrl);
  cache = createQuestionCache({ redis, prefix });
  sandbox = await createSandbox(
    {
      unsafeDev: false,
      python: '/usr/bin/python3',
      node: process.execPath,
      concurrency: availableParallelism(),
      queueLimit: 1_000,
      uidBase: 61_600,
    },
    testLogger,
  );
  fake = await startFakeLlmServer();
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await sandbox?.close();
  redis?.disconnect();
  await deleteKeysWithPrefix(prefix);
  await database?.drop();
});

beforeEach(async () => {
  fake.reset();
  await cache.clear();
});

describe('with no LLM key (the offline provider)', () => {
  it('generates once, then serves the cached question with tokensUsed 0; clearing by difficulty empties it', async () => {
    const generator = offlineGenerator();
    const input = { difficulty: 'easy' as const, language: 'python' as const, topics: ['arrays'] };
    const first = await generator.generateQuestion(input);
    expect(first.source).toBe('generated');
    expect(first.tokensUsed).toBeGreaterThan(0);
    expect(first.question).toMatchObject({ source: 'generated', difficulty: 'easy', language: 'python' });
    expect(first.question.generation).toMatchObject({ provider: 'offline', cacheKey: first.cacheKey });
    expect(first.question.validatedAt).toBeInstanceOf(Date);

    const second = await generator.generateQuestion(input);
    expect(second).toMatchObject({ source: 'cache', tokensUsed: 0, costUsd: 0, attempts: 0 });
    expect(second.question.id).toBe(first.question.id);

    const stats = await cache.stats();
    expect(stats).toMatchObject({ totalKeys: 1, totalQuestions: 1, hits: 1, misses: 1 });
    expect(stats.byDifficulty.easy).toBe(1);
    expect(await cache.clear('easy')).toBe(1);
    expect((await cache.stats()).totalKeys).toBe(0);
  }, 60_000);

  it('builds from an organization problem seed without touching the cache', async () => {
    const [org] = await database.handle.db
      .insert(organizations)
      .values({ name: 'Seeds Inc', slug: `seeds-${Date.now()}` })
      .returning();
    const [seed] = await database.handle.db
      .insert(problemSeeds)
      .values({
        organizationId: org?.id ?? '',
        title: 'Inventory reconciliation',
        description: 'Match shipments to orders and report the differences.',
        difficulty: 'medium',
        topics: ['arrays'],
        languages: ['typescript'],
        tests: [{ name: 'example', args: [[1, 2]], expected: 3, hidden: false }],
      })
      .returning();
    const generator = offlineGenerator();
    const result = await generator.generateQuestion({
      difficulty: 'medium',
      language: 'typescript',
      seedId: seed?.id,
      organizationId: org?.id,
    });
    expect(result.source).toBe('seed');
    expect(result.question).toMatchObject({ source: 'seed', seedId: seed?.id, organizationId: org?.id });
    expect((await cache.stats()).totalKeys).toBe(0);
  }, 60_000);
});

describe('with the Anthropic SDK against the fake Anthropic server', () => {
  function anthropicGenerator(): QuestionGenerator {
    const provider = createLlmProvider(
      {
        provider: 'anthropic',
        anthropic: { apiKey: 'test-key', baseUrl: fake.anthropicBaseUrl, model: 'claude-sonnet-4-6' },
        openai: { apiKey: undefined, baseUrl: undefined, model: 'gpt-4.1' },
        timeoutMs: 10_000,
        maxRetries: 0,
        budgets: { organizationDailyTokens: undefined, sessionTokens: undefined },
        prices: priceTable,
      },
      testLogger,
    );
    return createQuestionGenerator({
      db: database.handle.db,
      model: createLlmClient({ provider, db: database.handle.db, logger: testLogger }),
      run: (request) => sandbox.run(request),
      cache,
      logger: testLogger,
    });
  }

  const brief = 'BRIEF {"difficulty":"medium","language":"javascript","topics":["stack"],"variant":0}';

  it('stores a question only after its reference solution passed; a wrong one is rejected and retried with the reason', async () => {
    const good = offlineQuestion(bank, [brief]);
    if (!good) throw new Error('no bank problem for the brief');
    const title = `Generated ${Date.now()}`;
    const wrong = { ...good, title, referenceSolution: good.starterCode };
    const right = { ...good, title };
    fake.enqueue(
      'anthropic',
      { text: JSON.stringify(wrong) },
      { text: `Here it is:\n${JSON.stringify(right)}` },
    );

    const result = await anthropicGenerator().generateQuestion({
      difficulty: 'medium',
      language: 'javascript',
      topics: ['stack'],
    });
    expect(result).toMatchObject({ source: 'generated', attempts: 2 });
    expect(result.tokensUsed).toBeGreaterThan(0);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.question.referenceSolution).toBe(right.referenceSolution);

    const requests = fake.requests('anthropic');
    expect(requests).toHaveLength(2);
    const retry = JSON.stringify(requests[1]?.body);
    expect(retry).toContain('the reference solution did not pass every test');
    const stored = await database.handle.db
      .select()
      .from(questions)
      .where(and(eq(questions.title, title), eq(questions.source, 'generated')));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.referenceSolution).toBe(right.referenceSolution);
  }, 60_000);

  it('serves a bank question after three unusable answers (malformed JSON, invalid fields, a starter that solves it)', async () => {
    const good = offlineQuestion(bank, [brief]);
    if (!good) throw new Error('no bank problem for the brief');
    fake.enqueue(
      'anthropic',
      { text: '{"title": "broken' },
      { text: JSON.stringify({ title: 'No tests', description: 'x' }) },
      { text: JSON.stringify({ ...good, starterCode: good.referenceSolution }) },
    );
    const result = await anthropicGenerator().generateQuestion({
      difficulty: 'medium',
      language: 'javascript',
      topics: ['stack'],
    });
    expect(result).toMatchObject({ source: 'bank', attempts: 3 });
    expect(result.question.source).toBe('bank');
    expect(result.tokensUsed).toBeGreaterThan(0);
    expect((await cache.stats()).totalQuestions).toBe(0);
    const feedback = fake.requests('anthropic').map((request) => JSON.stringify(request.body));
    expect(feedback[1]).toContain('the JSON does not parse');
    expect(feedback[2]).toContain('does not match the required fields');
  }, 60_000);
});
