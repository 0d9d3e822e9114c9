import { type ConnectionOptions, QueueEvents } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { testResults, testRuns } from '../../platform/db/schema/index.ts';
import { createQueueRegistry, type QueueRegistry } from '../../platform/queue/queues.ts';
import { startWorkers, type WorkerPool } from '../../platform/queue/worker-runner.ts';
import { redisOptionsForRole } from '../../platform/redis/connection.ts';
import { createCodeExecutionProcessor } from './code-execution.worker.ts';
import { createExecutionService } from './execution.service.ts';
import type { TestCase } from './sandbox.schema.ts';
import { createSandbox, type Sandbox } from './sandbox.service.ts';

const tests: TestCase[] = [
  { id: 't1', name: 'sorted pair', args: [[2, 7, 11, 15], 9], expected: [0, 1], hidden: false, weight: 1 },
  { id: 't2', name: 'no answer', args: [[1, 2], 7], expected: [], hidden: false, weight: 1 },
  { id: 't3', name: 'duplicates', args: [[3, 3], 6], expected: [0, 1], hidden: true, weight: 2 },
  { id: 't4', name: 'negatives', args: [[-3, 4, 3, 90], 0], expected: [0, 2], hidden: true, weight: 1 },
];

const python = `def two_sum(nums, target):
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
    return []
`;
const typescript = `export function two_sum(nums: number[], target: number): number[] {
  const seen = new Map<number, number>();
  for (let i = 0; i < nums.length; i++) {
    const j = seen.get(target - nums[i]);
    if (j !== undefined) return [j, i];
    seen.set(nums[i], i);
  }
  return [];
}
`;
// Wrong on purpose: never finds a pair that uses a repeated value.
const wrongPython = `def two_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target and nums[i] != nums[j]:
                return [i, j]
    return []
`;

let database: TestDatabase;
let sandbox: Sandbox;
beforeAll(async () => {
  database = await createTestDatabase();
  sandbox = await createSandbox(
    {
      unsafeDev: false,
      python: '/usr/bin/python3',
      node: process.execPath,
      concurrency: 2,
      queueLimit: 20,
      uidBase: 61_000,
    },
    testLogger,
  );
});
afterAll(async () => {
  await sandbox.close();
  await database.drop();
});

describe('execution service, in process', () => {
  it('gives identical per-test results for a Python and a TypeScript solution, and stores both runs', async () => {
    const execution = createExecutionService({
      backend: { kind: 'inline', sandbox },
      db: database.handle.db,
    });
    const [py, ts] = await Promise.all([
      execution.run({
        language: 'python',
        kind: 'hidden',
        files: [{ path: 'solution.py', content: python }],
        entryPoint: 'two_sum',
        tests,
      }),
      execution.run({
        language: 'typescript',
        kind: 'hidden',
        files: [{ path: 'solution.ts', content: typescript }],
        entryPoint: 'two_sum',
        tests,
      }),
    ]);
    expect(py.status).toBe('ok');
    expect(ts.status).toBe('ok');
    const verdicts = (result: typeof py) =>
      result.tests.map((test) => [test.testName, test.passed, test.output, test.hidden]);
    expect(verdicts(py)).toEqual(verdicts(ts));
    expect(py.passed).toBe(4);

    const [storedRun] = await database.handle.db.select().from(testRuns).where(eq(testRuns.id, ts.runId));
    expect(storedRun).toMatchObject({
      language: 'typescript',
      kind: 'hidden',
      status: 'ok',
      passed: 4,
      failed: 0,
      total: 4,
    });
    const storedResults = await database.handle.db
      .select()
      .from(testResults)
      .where(eq(testResults.runId, ts.runId));
    expect(
      storedResults.map((row) => [row.position, row.testName, row.passed, row.hidden, row.weight]).sort(),
    ).toEqual([
      [0, 'sorted pair', true, false, 1],
      [1, 'no answer', true, false, 1],
      [2, 'duplicates', true, true, 2],
      [3, 'negatives', true, true, 1],
    ]);
  });

  it('fails exactly the tests a wrong solution gets wrong', async () => {
    const execution = createExecutionService({ backend: { kind: 'inline', sandbox } });
    const result = await execution.run({
      language: 'python',
      kind: 'hidden',
      files: [{ path: 'solution.py', content: wrongPython }],
      entryPoint: 'two_sum',
      tests,
    });
    expect(result.tests.map((test) => test.passed)).toEqual([true, true, false, true]);
    expect(result.tests[2]?.output).toBe('[]');
  });

  it('stores a run once, however often it is saved', async () => {
    const execution = createExecutionService({
      backend: { kind: 'inline', sandbox },
      db: database.handle.db,
    });
    const runId = '5a0f7c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
    const request = {
      runId,
      language: 'python' as const,
      kind: 'visible' as const,
      files: [{ path: 'solution.py', content: python }],
      entryPoint: 'two_sum',
      tests,
    };
    await execution.run(request);
    await execution.run(request);
    const rows = await database.handle.db.select().from(testResults).where(eq(testResults.runId, runId));
    expect(rows).toHaveLength(4);
  });
});

describe('execution service, through the code-execution queue', () => {
  let registry: QueueRegistry;
  let workers: WorkerPool;
  let events: QueueEvents;
  let connection: Redis;
  const prefix = uniquePrefix('exec');

  beforeAll(async () => {
    connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
    registry = createQueueRegistry({ connection, prefix });
    const noop = async () => undefined;
    workers = startWorkers({
      queues: ['code-execution'],
      processors: {
        'code-execution': createCodeExecutionProcessor(sandbox),
        'interview-agent': noop,
        'evaluation-agent': noop,
        'question-generation': noop,
        notification: noop,
      },
      redisUrl: testRedisUrl,
      prefix,
      logger: testLogger,
    });
    events = new QueueEvents('code-execution', {
      connection: redisOptionsForRole(testRedisUrl, 'worker') as ConnectionOptions,
      prefix,
    });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await workers.close();
    await events.close();
    await registry.close();
    connection.disconnect();
    await deleteKeysWithPrefix(prefix);
  });

  it('runs the request on a sandbox worker and stores the result on the caller side', async () => {
    const execution = createExecutionService({
      backend: { kind: 'queue', queue: registry.queue('code-execution'), events, timeoutMs: 30_000 },
      db: database.handle.db,
    });
    const result = await execution.run({
      language: 'typescript',
      kind: 'visible',
      files: [{ path: 'solution.ts', content: typescript }],
      entryPoint: 'two_sum',
      tests,
    });
    expect(result.status).toBe('ok');
    expect(result.passed).toBe(4);
    const [stored] = await database.handle.db.select().from(testRuns).where(eq(testRuns.id, result.runId));
    expect(stored?.passed).toBe(4);
    // The job id is the run id: asking again for the same run gives the same answer without a second job.
    const again = await execution.run({
      runId: result.runId,
      language: 'typescript',
      kind: 'visible',
      files: [{ path: 'solution.ts', content: 'this would not even compile' }],
      entryPoint: 'two_sum',
      tests,
    });
    expect(again.tests).toEqual(result.tests);
  });
});
