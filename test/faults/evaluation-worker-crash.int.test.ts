/**
 * Fault: the worker process evaluating a completed interview is killed with SIGKILL in the middle
 * of the job (while it waits for the LLM review). The job's lock expires, a new worker process
 * picks it up as stalled and evaluates the session again from the start. The result: exactly one
 * evaluation row for the session and scoring version, the review of the second attempt in it,
 * and the candidate moved to EVALUATED once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SCORING_VERSION } from '../../src/modules/evaluation/index.ts';
import { candidateStatusHistory, candidates, evaluations } from '../../src/platform/db/schema/index.ts';
import { createQueueRegistry, type QueueRegistry } from '../../src/platform/queue/queues.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis.ts';
import { testRedisUrl } from '../support/services.ts';
import {
  completeSession,
  createCandidateSession,
  reportRecovery,
  since,
  startFixture,
  type WorkerProcess,
  waitFor,
} from './support.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'ilm-eval-crash-'));
const prefix = uniquePrefix('evalcrash');
/** A review the evaluation accepts: every dimension with evidence and a score. */
const review = JSON.stringify({
  dimensions: ['code_quality', 'problem_solving', 'ai_collaboration', 'communication'].map((name) => ({
    name,
    evidence: [`${name}: the candidate's own work, as recorded`],
    score: 60,
  })),
  summary: 'Reviewed after the first worker died.',
});
let database: TestDatabase;
let llm: FakeLlmServer;
let redis: Redis;
let registry: QueueRegistry;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [database, llm] = await Promise.all([createTestDatabase(), startFakeLlmServer()]);
  redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  registry = createQueueRegistry({ connection: redis, prefix });
});

afterAll(async () => {
  for (const worker of workers) await worker.kill('SIGKILL');
  await registry?.close();
  redis?.disconnect();
  await llm?.close();
  await deleteKeysWithPrefix(prefix);
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('evaluates a session exactly once when its worker is SIGKILLed mid-job and a new worker takes over', async () => {
  const db = database.handle.db;
  const session = await createCandidateSession(db);
  await completeSession(db, session);
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    DATA_DIR: dataDir,
    LLM_PROVIDER: 'anthropic',
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
    LLM_MAX_RETRIES: '0',
  };
  // The first review request never gets an answer in time: the job is mid-flight when killed.
  llm.enqueue('anthropic', { delayMs: 60_000, text: review }, { text: review });
  const first = await startFixture('evaluation-worker', env);
  workers.push(first);

  // Enqueued as the interview service does when a session completes: one job id per session and version.
  const enqueue = () =>
    registry.enqueue(
      'evaluation-agent',
      { version: 1, sessionId: session.sessionId, scoringVersion: SCORING_VERSION },
      { jobId: `evaluation-${session.sessionId}-${SCORING_VERSION}` },
    );
  const jobId = await enqueue();
  await waitFor(
    async () => (llm.requests('anthropic').length === 1 ? true : undefined),
    'the first worker to ask for the LLM review',
    20_000,
    first.output,
  );
  await first.kill('SIGKILL');
  const killedAt = performance.now();

  // (a) What a recruiter sees meanwhile: the candidate still COMPLETED, no evaluation yet (no
  // half-written or failed row), the job held by the dead worker.
  const queue = registry.queue('evaluation-agent');
  expect(await (await queue.getJob(jobId))?.getState()).toBe('active');
  expect(await db.select().from(evaluations).where(eq(evaluations.sessionId, session.sessionId))).toEqual([]);
  const [during] = await db.select().from(candidates).where(eq(candidates.id, session.candidateId));
  expect(during?.status).toBe('COMPLETED');
  // A repeated enqueue (a retried submit) adds no second job.
  expect(await enqueue()).toBe(jobId);

  const second = await startFixture('evaluation-worker', env);
  workers.push(second);
  const secondReadyAt = performance.now();
  await waitFor(
    async () => ((await queue.getJob(jobId))?.finishedOn ? true : undefined),
    'the job to be recovered and finished by the new worker',
    30_000,
    second.output,
  );
  // (b) Time to recover: kill → evaluation stored by the new worker (lock 2 s + stalled check 1 s here).
  const recoveredMs = since(killedAt);
  reportRecovery('worker SIGKILL during evaluation', 'evaluation completed by a new worker', recoveredMs);
  reportRecovery(
    'worker SIGKILL during evaluation',
    'of which after the new worker was ready',
    since(secondReadyAt),
  );
  expect(recoveredMs).toBeLessThan(20_000);

  // (c) Exactly one evaluation, from the second attempt; the candidate EVALUATED once.
  const job = await queue.getJob(jobId);
  expect(await job?.getState()).toBe('completed');
  expect(await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed')).toEqual({
    completed: 1,
    failed: 0,
    waiting: 0,
    active: 0,
    delayed: 0,
  });
  const rows = await db
    .select()
    .from(evaluations)
    .where(
      and(eq(evaluations.sessionId, session.sessionId), eq(evaluations.scoringVersion, SCORING_VERSION)),
    );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'completed', error: null });
  expect(rows[0]?.llm).toMatchObject({ provider: 'anthropic' });
  expect(rows[0]?.details?.summary).toBe('Reviewed after the first worker died.');
  const [after] = await db.select().from(candidates).where(eq(candidates.id, session.candidateId));
  expect(after?.status).toBe('EVALUATED');
  const history = await db
    .select()
    .from(candidateStatusHistory)
    .where(
      and(
        eq(candidateStatusHistory.candidateId, session.candidateId),
        eq(candidateStatusHistory.toStatus, 'EVALUATED'),
      ),
    );
  expect(history).toHaveLength(1);
  // The review was asked twice (the killed attempt and the recovered one), never more.
  expect(llm.requests('anthropic')).toHaveLength(2);
  // Two worker processes start on a loaded 2-core machine: allow more than the default 60 s.
}, 120_000);
