/**
 * Fault: PostgreSQL goes down (stopped in `immediate` mode, as a crash: no checkpoint, WAL replay
 * at the next start) and comes back, while a platform process (`interviewlm start`: API and every
 * worker) serves a candidate who streams event batches, and the interview agent's jobs fold those
 * events into live signals. During the outage every request gets a prompt 503 UNAVAILABLE that
 * says to retry — no hang, no generic 500, no crash; afterwards the same process serves again
 * without a restart, and every acknowledged event is stored once and processed by the workers.
 *
 * The cluster is private to this test (initdb in a temporary directory, its own port): the
 * shared PostgreSQL serves other people's tests and must never be stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/client.ts';
import { agentStates } from '../../src/platform/db/schema/index.ts';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { testLogger } from '../support/logger.ts';
import { cleanEnv, type PlatformProcess } from '../support/platform-process.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis.ts';
import { testRedisUrl } from '../support/services.ts';
import {
  attempt,
  createCandidateSession,
  createEventSender,
  findPostgresBinaries,
  type Outcome,
  type PrivatePostgres,
  reportRecovery,
  since,
  startApiProcess,
  startPrivatePostgres,
  storedTimeline,
  waitFor,
} from './support.ts';

// PostgreSQL refuses to run as root and we switch to its `postgres` user, which only root can do.
const isRoot = process.getuid?.() === 0;
const binaries = isRoot ? findPostgresBinaries() : undefined;
if (!binaries) {
  console.warn(
    isRoot
      ? '[fault] PostgreSQL restart: SKIPPED, no server binaries under /usr/lib/postgresql/*/bin; ' +
          "install Debian's `postgresql` package (apt-get install postgresql) to run it"
      : '[fault] PostgreSQL restart: SKIPPED, it must run as root to start a cluster as the postgres user',
  );
}
const BATCHES = 40;
const BATCH_SIZE = 10;
const OUTAGE_MS = 4_000;
const dataDir = mkdtempSync(path.join(tmpdir(), 'ilm-pg-restart-'));
const prefix = uniquePrefix('pgrestart');
let cluster: PrivatePostgres | undefined;
let handle: DatabaseHandle | undefined;
let platform: PlatformProcess | undefined;
let baseUrl: string;

beforeAll(async () => {
  if (!binaries) return;
  cluster = await startPrivatePostgres(binaries, await findFreePort());
}, 60_000);

afterAll(async () => {
  if (platform) {
    platform.child.kill('SIGKILL');
    await platform.exited;
  }
  await handle?.close().catch(() => undefined);
  await cluster?.destroy();
  await deleteKeysWithPrefix(prefix);
  rmSync(dataDir, { recursive: true, force: true });
});

// Without server binaries there is nothing to restart: .ci/run installs them (apt package
// `postgresql`) whenever it has to start PostgreSQL itself.
it.skipIf(!binaries)(
  'answers 503 during a PostgreSQL restart, recovers without restarting the API, and loses nothing acknowledged',
  async () => {
    if (!cluster) throw new Error('no private PostgreSQL');
    const pg = cluster;
    const port = await findFreePort();
    baseUrl = `http://127.0.0.1:${port}`;
    platform = await startApiProcess(
      'start',
      cleanEnv({
        DATA_DIR: dataDir,
        DATABASE_URL: pg.url,
        REDIS_URL: testRedisUrl,
        QUEUE_PREFIX: prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        SANDBOX_CONCURRENCY: '1',
        LOG_LEVEL: 'warn',
      }),
      baseUrl,
    );
    const api = platform;
    // The platform migrated the database and loaded the question bank as it started.
    handle = await openDatabase({ url: pg.url, dataDir: '/nonexistent', logger: testLogger });
    const db = handle.db;
    const session = await createCandidateSession(db);
    const sender = createEventSender({
      baseUrl: () => baseUrl,
      sessionId: session.sessionId,
      headers: session.auth,
      batchSize: BATCH_SIZE,
      retryDelayMs: 200,
    });
    const deadline = performance.now() + 50_000;
    let stoppedAt = 0;
    const streaming = (async () => {
      for (let batch = 0; batch < BATCHES; batch += 1) {
        await sender.sendBatch(deadline);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await waitFor(() => (sender.acknowledged.length >= 10 * BATCH_SIZE ? true : undefined), 'ten batches');

    await pg.stop('immediate');
    stoppedAt = performance.now();
    // (a) What users see during the outage: the health check and a candidate's page answer 503
    // at once, with a message that says to retry.
    const health = await attempt(`${baseUrl}/api/health`);
    const page = await attempt(`${baseUrl}/api/interview/${session.sessionId}`, { headers: session.auth });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - since(stoppedAt))));
    await pg.start();
    const startedAt = performance.now();
    await streaming;

    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unhealthy', checks: { database: { ok: false } } });
    expect(health.ms).toBeLessThan(5_000);
    expectUnavailable(page);
    const duringOutage = sender.outcomes.filter(
      (outcome) => outcome.at > stoppedAt && outcome.at < startedAt,
    );
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const outcome of sender.outcomes.filter((entry) => entry.status !== 200)) expectUnavailable(outcome);
    // The process never went down: no restart was needed.
    expect(api.child.exitCode).toBeNull();

    // (b) Time to recover: PostgreSQL accepting connections again → the first batch acknowledged.
    const firstAck = sender.outcomes.find((outcome) => outcome.at > startedAt && outcome.status === 200);
    expect(firstAck).toBeDefined();
    const recoveredMs = (firstAck?.at ?? 0) - startedAt;
    reportRecovery(
      'PostgreSQL restart',
      `requests served again after ${duringOutage.length} 503 answer(s), ${Math.round(startedAt - stoppedAt)} ms outage; recovery`,
      recoveredMs,
    );
    expect(recoveredMs).toBeLessThan(15_000);
    expect((await attempt(`${baseUrl}/api/health`)).status).toBe(200);

    // (c) Nothing acknowledged lost or doubled, and the workers processed every event.
    const sent = BATCHES * BATCH_SIZE;
    expect(sender.acknowledged).toHaveLength(sent);
    const stored = await storedTimeline(db, session.sessionId);
    expect(stored.seqs).toEqual(Array.from({ length: sent }, (_, index) => index + 1));
    expect([...stored.clientSeqs].sort((a, b) => a - b)).toEqual(
      Array.from({ length: sent }, (_, index) => index + 1),
    );
    let lastSeen = '';
    const processed = await waitFor(
      async () => {
        const [state] = await db
          .select()
          .from(agentStates)
          .where(eq(agentStates.sessionId, session.sessionId));
        lastSeen = JSON.stringify({ cursor: state?.lastProcessedEventSeq, version: state?.version });
        return state && Number(state.lastProcessedEventSeq) === sent ? state : undefined;
      },
      'the interview agent to process every event',
      40_000,
      () =>
        `${api
          .output()
          .split('\n')
          .filter((line) => !line.includes('"request failed"'))
          .join('\n')
          .slice(-3000)}\nagent state: ${lastSeen}`,
    );
    expect(Number(processed.lastProcessedEventSeq)).toBe(sent);
    console.log(
      `[fault] PostgreSQL restart: ${sent} events acknowledged, ${stored.seqs.length} stored and processed`,
    );
  },
  120_000,
);

/** A 503 with the UNAVAILABLE code, a message and a Retry-After that say to retry, answered promptly. */
function expectUnavailable(outcome: Outcome): void {
  expect(outcome.status, JSON.stringify(outcome)).toBe(503);
  expect(outcome.body).toMatchObject({ success: false, error: { code: 'UNAVAILABLE' } });
  expect((outcome.body as { error: { message: string } }).error.message).toMatch(
    /try again in a few seconds/,
  );
  expect(outcome.retryAfter).toBe('5');
  // The pool gives up connecting after 5 s: nobody waits longer than that and a bit.
  expect(outcome.ms).toBeLessThan(8_000);
}
