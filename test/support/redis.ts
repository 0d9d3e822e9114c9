/**
 * Redis for integration tests: a unique key prefix per test on the shared server, or a private
 * redis-server on its own port that a test may stop and restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { testRedisUrl } from './services.ts';

/** A queue/key prefix no other test uses. */
export function uniquePrefix(label = 't'): string {
  return `ilmtest-${label}-${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `prefix` on the shared test Redis. */
export async function deleteKeysWithPrefix(prefix: string, url = testRedisUrl): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A redis-server owned by one test: it can be stopped and started again on the same port. */
export interface ControlledRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a private redis-server on a free port: without persistence by default, or with an
 * append-only file synced on every write (`persistent`), so a killed server loses nothing.
 */
export async function startControlledRedis(options: { persistent?: boolean } = {}): Promise<ControlledRedis> {
  const persistence = options.persistent
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const port = await findFreePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'ilm-redis-'));
  let child: ChildProcess | undefined;
  const controlled: ControlledRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir],
        {
          stdio: 'ignore',
        },
      );
      await waitForPing(port, 10_000);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    async destroy() {
      await controlled.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await controlled.start();
  return controlled;
}
