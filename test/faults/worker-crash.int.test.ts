/**
 * Fault: a worker process is killed with SIGKILL in the middle of a job. BullMQ's lock on the job
 * expires, another worker recovers it as stalled and runs it again; the side effect, keyed by
 * job id, still happens exactly once.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createQueueRegistry, type QueueRegistry } from '../../src/platform/queue/queues.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis.ts';
import { testRedisUrl } from '../support/services.ts';
import { startFaultWorker, type WorkerProcess, waitFor } from './support.ts';

const prefix = uniquePrefix('crash');
let redis: Redis;
let registry: QueueRegistry;
const processes: WorkerProcess[] = [];

beforeAll(() => {
  redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  registry = createQueueRegistry({ connection: redis, prefix });
});

afterAll(async () => {
  for (const worker of processes) await worker.kill('SIGKILL');
  await registry.close();
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

it('recovers a job whose worker was SIGKILLed mid-job, and its effect happens exactly once', async () => {
  const env = { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix, WORK_MS: '30000' };
  const first = await startFaultWorker(env);
  processes.push(first);
  const sessionId = randomUUID();
  const jobId = await registry.enqueue(
    'interview-agent',
    { version: 1, sessionId, kind: 'events_recorded' },
    { jobId: `crash-${sessionId}` },
  );
  await waitFor(
    async () => ((await redis.get(`${prefix}:executions:${jobId}`)) === '1' ? true : undefined),
    'the first worker to start the job',
  );
  await first.kill('SIGKILL');
  const job = await registry.queue('interview-agent').getJob(jobId);
  expect(await job?.getState()).toBe('active');

  const second = await startFaultWorker({ ...env, WORK_MS: '50' });
  processes.push(second);
  const started = Date.now();
  await waitFor(
    async () => ((await registry.queue('interview-agent').getJob(jobId))?.finishedOn ? true : undefined),
    'the job to be recovered and finished',
    20_000,
    second.output,
  );
  const recoveredInMs = Date.now() - started;
  const finished = await registry.queue('interview-agent').getJob(jobId);
  expect(await finished?.getState()).toBe('completed');
  expect(finished?.returnvalue).toEqual({ done: true });
  expect(await redis.get(`${prefix}:executions:${jobId}`)).toBe('2');
  expect(await redis.lrange(`${prefix}:effects`, 0, -1)).toEqual([jobId]);
  // Lock 2 s + stalled check every 1 s (the fixture's settings): recovered within a few seconds.
  expect(recoveredInMs).toBeLessThan(10_000);
});
