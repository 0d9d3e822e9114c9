import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { queueNames } from './contracts.ts';
import { createQueueRegistry, type QueueRegistry } from './queues.ts';
import { type JobProcessor, type ProcessorMap, startWorkers, type WorkerPool } from './worker-runner.ts';

const sessionId = '2b0c4a3e-8a55-4d0e-9f3c-1c2d3e4f5a6b';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(processors: Partial<ProcessorMap>) {
  const prefix = uniquePrefix('queue');
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const registry: QueueRegistry = createQueueRegistry({ connection, prefix });
  const idle: JobProcessor<never> = async () => undefined;
  const all = Object.fromEntries(queueNames.map((name) => [name, processors[name] ?? idle])) as ProcessorMap;
  const queues = queueNames.filter((name) => processors[name]);
  const pool: WorkerPool = startWorkers({
    queues,
    processors: all,
    redisUrl: testRedisUrl,
    prefix,
    logger: testLogger,
  });
  cleanups.push(async () => {
    await pool.close();
    await registry.close();
    connection.disconnect();
    await deleteKeysWithPrefix(prefix);
  });
  return { registry, pool };
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('queues and workers', () => {
  it('delivers a validated payload to the worker and counts it completed', async () => {
    const seen: unknown[] = [];
    const { registry } = setUp({
      'evaluation-agent': async (payload) => {
        seen.push(payload);
        return 'scored';
      },
    });
    const jobId = await registry.enqueue('evaluation-agent', { version: 1, sessionId, scoringVersion: 'v1' });
    const queue = registry.queue('evaluation-agent');
    await until(async () => (await queue.getJobCounts('completed')).completed === 1);
    expect(seen).toEqual([{ version: 1, sessionId, scoringVersion: 'v1' }]);
    expect((await queue.getJob(jobId))?.returnvalue).toBe('scored');
  });

  it('refuses to enqueue a payload that breaks the contract', async () => {
    const { registry } = setUp({});
    await expect(
      registry.enqueue('evaluation-agent', { version: 1, sessionId: 'not-a-uuid', scoringVersion: 'v1' }),
    ).rejects.toThrow(/sessionId/);
    expect(await registry.queue('evaluation-agent').count()).toBe(0);
  });

  it('enqueues idempotently by job id', async () => {
    const { registry } = setUp({});
    const payload = { version: 1 as const, sessionId, scoringVersion: 'v1' };
    await registry.enqueue('evaluation-agent', payload, { jobId: `eval-${sessionId}-v1` });
    await registry.enqueue('evaluation-agent', payload, { jobId: `eval-${sessionId}-v1` });
    expect(await registry.queue('evaluation-agent').count()).toBe(1);
  });

  it('fails a malformed job at once instead of retrying it', async () => {
    let calls = 0;
    const { registry } = setUp({
      'interview-agent': async () => {
        calls += 1;
      },
    });
    const queue = registry.queue('interview-agent');
    // A producer outside our typed enqueue (an old version, a hand-made job) sends garbage.
    const job = await queue.add('interview-agent', { version: 99, sessionId: 'x' }, { attempts: 3 });
    await until(async () => (await queue.getJobCounts('failed')).failed === 1);
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/Invalid interview-agent payload: version/);
    expect(calls).toBe(0);
  });

  it('retries a transient failure with backoff until it succeeds', async () => {
    let calls = 0;
    const { registry } = setUp({
      notification: async () => {
        calls += 1;
        if (calls < 3) throw new Error('SMTP timed out');
        return 'sent';
      },
    });
    const queue = registry.queue('notification');
    const payload = { version: 1 as const, channel: 'email' as const, messageId: sessionId };
    const enqueued = await queue.getJob(await registry.enqueue('notification', payload, { delayMs: 60_000 }));
    // The contract's policy travels with every job: six tries, exponential backoff with jitter.
    expect(enqueued?.opts.attempts).toBe(6);
    expect(enqueued?.opts.backoff).toEqual({ type: 'exponential', delay: 5_000, jitter: 0.5 });
    await enqueued?.remove();
    // Same job with a short backoff so the test does not wait for the production delays.
    await queue.add('notification', payload, {
      attempts: 6,
      backoff: { type: 'exponential', delay: 20, jitter: 0.5 },
    });
    await until(async () => (await queue.getJobCounts('completed')).completed === 1);
    expect(calls).toBe(3);
  });

  it('lets an active job finish when draining, and takes no new job afterwards', async () => {
    let release: () => void = () => {};
    const finished: string[] = [];
    const { registry, pool } = setUp({
      'code-execution': async (payload) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        finished.push(payload.runId);
      },
    });
    const queue = registry.queue('code-execution');
    await registry.enqueue('code-execution', { version: 1, runId: sessionId, request: {} });
    await until(async () => (await queue.getJobCounts('active')).active === 1);
    const draining = pool.drain(10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await registry.enqueue('code-execution', {
      version: 1,
      runId: '3c1d5b4f-9b66-4e1f-8a4d-2d3e4f5a6b7c',
      request: {},
    });
    release();
    expect(await draining).toBe(true);
    expect(finished).toEqual([sessionId]);
    expect((await queue.getJobCounts('wait')).wait).toBe(1);
  });

  it('reports a drain that outlives its deadline', async () => {
    const { registry, pool } = setUp({
      'code-execution': () => new Promise(() => {}),
    });
    const queue = registry.queue('code-execution');
    await registry.enqueue('code-execution', { version: 1, runId: sessionId, request: {} });
    await until(async () => (await queue.getJobCounts('active')).active === 1);
    expect(await pool.drain(200)).toBe(false);
  });

  it('keeps a deduplicated notification that arrives while the job runs, and runs it afterwards', async () => {
    // The interview agent's notifications: a job that reads "everything new" must run again when
    // news arrives mid-run, or the last events of a stream are never processed (found by
    // test/faults/postgres-restart.int.test.ts).
    let release: () => void = () => {};
    const runs: Array<number | undefined> = [];
    const { registry } = setUp({
      'interview-agent': async (payload) => {
        runs.push(payload.eventSeq);
        if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return undefined;
      },
    });
    const notify = (eventSeq: number) =>
      registry.enqueue(
        'interview-agent',
        { version: 1, sessionId, kind: 'events_recorded', eventSeq },
        { deduplicationId: `events-${sessionId}` },
      );
    await notify(1);
    await until(async () => runs.length === 1);
    await notify(2); // while job 1 runs: kept
    await notify(3); // replaces 2: only the latest matters
    release();
    const queue = registry.queue('interview-agent');
    await until(async () => (await queue.getJobCounts('completed')).completed === 2);
    expect(runs).toEqual([1, 3]);
  });
});
