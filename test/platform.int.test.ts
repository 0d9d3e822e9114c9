/**
 * The platform as an operator runs it: the real CLI in a child process, real PostgreSQL or
 * PGlite, real Redis (shared, private, or one the test stops and restarts).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../src/platform/pid-lock.ts';
import { findFreePort } from '../src/platform/redis/embedded-server.ts';
import { createEmptyDatabase } from './support/database.ts';
import { cleanEnv, getJson, type PlatformProcess, runCli, waitFor } from './support/platform-process.ts';
import { type ControlledRedis, startControlledRedis, uniquePrefix } from './support/redis.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

function track(process: PlatformProcess): PlatformProcess {
  cleanups.push(async () => {
    if (process.child.exitCode === null) {
      process.child.kill('SIGKILL');
      await process.exited;
    }
  });
  return process;
}

type WorkerHealth = {
  status: string;
  responseTime: number;
  redis: { connected: boolean };
  queues: Record<
    string,
    { waiting: number; active: number; completed: number; failed: number; workers: number } | null
  >;
  warnings: string[];
};

async function workerHealth(baseUrl: string): Promise<{ status: number; body: WorkerHealth }> {
  const { status, body } = await getJson(`${baseUrl}/api/health/workers`);
  return { status, body: body as unknown as WorkerHealth };
}

function untilStatus(baseUrl: string, wanted: string, process: PlatformProcess, timeoutMs = 20_000) {
  return waitFor(
    `worker health "${wanted}"`,
    async () => {
      const health = await workerHealth(baseUrl);
      return health.body.status === wanted ? health : undefined;
    },
    { timeoutMs, process },
  );
}

describe('npm start with embedded defaults (no DATABASE_URL, no REDIS_URL)', () => {
  it('is healthy within 20 s, survives its private Redis dying, and shuts down cleanly', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ilm-start-'));
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const started = Date.now();
    const app = track(
      runCli(['start'], cleanEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' })),
    );

    const healthy = await untilStatus(baseUrl, 'healthy', app, 20_000);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(healthy.status).toBe(200);
    expect(healthy.body.redis.connected).toBe(true);
    expect(typeof healthy.body.responseTime).toBe('number');
    for (const key of [
      'interviewAgent',
      'evaluationAgent',
      'codeExecution',
      'questionGeneration',
      'notification',
    ]) {
      const figures = healthy.body.queues[key];
      expect(figures, key).toMatchObject({
        waiting: expect.any(Number),
        active: expect.any(Number),
        completed: expect.any(Number),
        failed: expect.any(Number),
      });
      expect(figures?.workers, key).toBe(1);
    }
    expect(readFileSync(path.join(dataDir, 'demo-credentials.txt'), 'utf8')).toMatch(
      /email: demo@interviewlm\.local/,
    );
    const platform = await getJson(`${baseUrl}/api/health`);
    expect(platform.body).toMatchObject({
      status: 'healthy',
      checks: {
        database: { ok: true, kind: 'pglite' },
        sandbox: { ok: true, mode: 'inline', isolated: true },
      },
    });
    expect((platform.body.checks as { sandbox: { driver: string } }).sandbox.driver).toMatch(/^bwrap-/);

    // Kill the private Redis behind the platform's back: it is reported, restarted, and recovers.
    const redisPid = Number(readFileSync(path.join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    process.kill(redisPid, 'SIGKILL');
    const down = await untilStatus(baseUrl, 'unhealthy', app, 5_000);
    expect(down.status).toBe(503);
    expect(down.body.redis.connected).toBe(false);
    await untilStatus(baseUrl, 'healthy', app, 20_000);
    const restartedPid = Number(readFileSync(path.join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    expect(restartedPid).not.toBe(redisPid);

    expect(await app.stop()).toBe(0);
    expect(app.output()).toContain('shutdown complete');
    await waitFor(
      'private redis-server to exit',
      async () => (isProcessAlive(restartedPid) ? undefined : true),
      { timeoutMs: 5_000 },
    );
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'redis', 'owner.lock'))).toBe(false);

    // A second start reuses the data: the demo organization is not created twice.
    const again = track(
      runCli(['start'], cleanEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' })),
    );
    await untilStatus(baseUrl, 'healthy', again, 20_000);
    expect(again.output()).not.toContain('demo organization created');
    expect(await again.stop()).toBe(0);
  });
});

describe('npm start on PostgreSQL and an external Redis', () => {
  let redis: ControlledRedis;

  it('processes jobs, turns unhealthy without Redis and recovers without a restart', async () => {
    const database = await createEmptyDatabase();
    cleanups.push(() => database.drop());
    redis = await startControlledRedis();
    cleanups.push(() => redis.destroy());
    const prefix = uniquePrefix('start');
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const app = track(
      runCli(
        ['start'],
        cleanEnv({
          DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-pg-')),
          DATABASE_URL: database.url,
          REDIS_URL: redis.url,
          QUEUE_PREFIX: prefix,
          PORT: String(port),
          HOST: '127.0.0.1',
        }),
      ),
    );
    const healthy = await untilStatus(baseUrl, 'healthy', app);
    const completedBefore = healthy.body.queues.interviewAgent?.completed ?? -1;

    const queue = new Queue('interview-agent', {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix,
    });
    cleanups.push(() => queue.close());
    await queue.add('interview-agent', {
      version: 1,
      sessionId: '0d3c1e9a-7b1f-4c7e-8f57-6a9e2b1c4d5f',
      kind: 'session_started',
    });
    await waitFor(
      'the job to show as completed',
      async () =>
        (await workerHealth(baseUrl)).body.queues.interviewAgent?.completed === completedBefore + 1
          ? true
          : undefined,
      { timeoutMs: 10_000, process: app },
    );

    const malformed = await fetch(`${baseUrl}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"oops": ',
    });
    expect([400, 404]).toContain(malformed.status);
    const unknown = await fetch(`${baseUrl}/api/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');

    await redis.stop();
    const down = await untilStatus(baseUrl, 'unhealthy', app, 10_000);
    expect(down.status).toBe(503);
    expect(down.body.redis.connected).toBe(false);
    const platformDown = await getJson(`${baseUrl}/api/health`);
    expect(platformDown.status).toBe(503);
    expect(app.child.exitCode).toBeNull();

    await redis.start();
    const recovered = await untilStatus(baseUrl, 'healthy', app, 20_000);
    expect(recovered.body.redis.connected).toBe(true);
    expect(await app.stop()).toBe(0);
  });

  it('runs api and workers as separate processes and reports queues nobody works on', async () => {
    const database = await createEmptyDatabase();
    cleanups.push(() => database.drop());
    const shared = await startControlledRedis();
    cleanups.push(() => shared.destroy());
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = cleanEnv({
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-split-')),
      DATABASE_URL: database.url,
      REDIS_URL: shared.url,
      QUEUE_PREFIX: uniquePrefix('split'),
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    const api = track(runCli(['api'], env));
    const workers = track(runCli(['workers', '--queues', 'interview-agent,evaluation-agent'], env));
    const report = await waitFor(
      'the workers to register',
      async () => {
        const health = await workerHealth(baseUrl);
        return health.body.queues.evaluationAgent?.workers === 1 ? health : undefined;
      },
      { timeoutMs: 20_000, process: api },
    );
    expect(report.body.status).toBe('degraded');
    expect(report.body.queues.interviewAgent?.workers).toBe(1);
    expect(report.body.queues.notification?.workers).toBe(0);
    expect(report.body.warnings).toContain('notification: no live worker; new jobs would wait');

    expect(await workers.stop()).toBe(0);
    const orphaned = await untilStatus(baseUrl, 'degraded', api);
    expect(orphaned.body.queues.evaluationAgent?.workers).toBe(0);
    expect(await api.stop()).toBe(0);
  });
});

describe('the interviewlm command', () => {
  it('exits 1 naming PORT when it is not a number', async () => {
    const run = runCli(
      ['start'],
      cleanEnv({ PORT: 'abc', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-cli-')) }),
    );
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/PORT: must be a port number/);
  });

  it('refuses api without REDIS_URL, explaining how to get Redis', async () => {
    const run = runCli(['api'], cleanEnv({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-cli-')) }));
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/REDIS_URL is not set.*apt-get install redis-server/s);
  });

  it('exits 2 for an unknown command or queue', async () => {
    const unknown = runCli(['launch'], cleanEnv({}));
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('unknown command "launch"');
    const queue = runCli(['workers', '--queues', 'emails'], cleanEnv({ REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(await queue.exited).toBe(2);
    expect(queue.output()).toContain('Unknown queue: emails');
  });

  it('explains how to install Redis when none can be found', async () => {
    const run = runCli(
      ['start'],
      cleanEnv({
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-cli-')),
        REDIS_SERVER_BIN: '/nonexistent/redis-server',
      }),
    );
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/REDIS_SERVER_BIN points at \/nonexistent\/redis-server/);
    expect(run.output()).toMatch(/brew install redis/);
  });

  it('makes a platform operator with admin create, refusing a bad address with exit 2', async () => {
    const database = await createEmptyDatabase();
    cleanups.push(() => database.drop());
    const env = cleanEnv({
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-admin-')),
    });
    const created = runCli(['admin', 'create', '--email', 'Ops@Example.test'], env);
    expect(await created.exited).toBe(0);
    expect(created.output()).toMatch(/Created platform operator ops@example\.test with password: \S{16,}/);
    const again = runCli(['admin', 'create', '--email', 'ops@example.test'], env);
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain('ops@example.test is now a platform operator');
    const bad = runCli(['admin', 'create', '--email', 'not-an-address'], env);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('--email must be an email address');
  });

  it('migrates and seeds idempotently', async () => {
    const database = await createEmptyDatabase();
    cleanups.push(() => database.drop());
    const env = cleanEnv({
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-seed-')),
    });
    const migrate = runCli(['migrate'], env);
    expect(await migrate.exited).toBe(0);
    const seed = runCli(['seed'], env);
    expect(await seed.exited).toBe(0);
    expect(seed.output()).toContain('Demo data created');
    const loaded = /Question bank: (\d+) problems, (\d+) rows created, 0 updated/.exec(seed.output());
    expect(loaded, seed.output()).not.toBeNull();
    expect(Number(loaded?.[2])).toBe(3 * Number(loaded?.[1]));
    const again = runCli(['seed'], env);
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain('Demo data already present');
    expect(again.output()).toContain(
      `Question bank: ${loaded?.[1]} problems, 0 rows created, ${loaded?.[2]} updated`,
    );
  });
});
