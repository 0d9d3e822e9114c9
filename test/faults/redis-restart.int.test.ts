/**
 * Fault: Redis is killed while jobs are waiting and active, then started again. The workers of a
 * real worker process reconnect by themselves and every job completes, each effect once. Redis
 * runs with an append-only file synced on every write, as production Redis for queues should
 * (docs/OPERATIONS.md); without persistence a restart would lose the queues themselves.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createQueueRegistry, type QueueRegistry } from '../../src/platform/queue/queues.ts';
import { type ControlledRedis, startControlledRedis } from '../support/redis.ts';
import { startFaultWorker, type WorkerProcess, waitFor } from './support.ts';

const prefix = 'restart';
const JOBS = 40;
let server: ControlledRedis;
let redis: Redis;
let registry: QueueRegistry;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  server = await startControlledRedis({ persistent: true });
  redis = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  redis.on('error', () => {});
  registry = createQueueRegistry({ connection: redis, prefix });
});

afterAll(async () => {
  await worker?.kill('SIGKILL');
  await registry.close();
  redis.disconnect();
  await server.destroy();
});

it('loses nothing when Redis restarts under waiting and active jobs; workers resume by themselves', async () => {
  worker = await startFaultWorker({ REDIS_URL: server.url, QUEUE_PREFIX: prefix, WORK_MS: '300' });
  const jobIds: string[] = [];
  for (let i = 0; i < JOBS; i += 1) {
    jobIds.push(
      await registry.enqueue('interview-agent', {
        version: 1,
        sessionId: randomUUID(),
        kind: 'events_recorded',
      }),
    );
  }
  const queue = registry.queue('interview-agent');
  await waitFor(async () => ((await queue.getActiveCount()) > 0 ? true : undefined), 'jobs to be active');
  const before = await queue.getJobCounts('waiting', 'active', 'completed');
  expect(before.waiting).toBeGreaterThan(0);

  await server.stop();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await server.start();

  const counts = await waitFor(
    async () => {
      const current = await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
      return current.completed === JOBS ? current : undefined;
    },
    `all ${JOBS} jobs to complete after the restart`,
    45_000,
    () => worker?.output() ?? '',
  );
  expect(counts).toMatchObject({ completed: JOBS, failed: 0, waiting: 0, active: 0, delayed: 0 });
  const effects = await redis.lrange(`${prefix}:effects`, 0, -1);
  expect(effects).toHaveLength(JOBS);
  expect(new Set(effects)).toEqual(new Set(jobIds));
});
