/**
 * A private redis-server for `npm start` when REDIS_URL is unset: its own port on loopback, data
 * under DATA_DIR/redis with the append-only file on (queued jobs survive a restart), supervised
 * (restarted if it dies) and stopped with the application.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { acquirePidLock, isProcessAlive } from '../pid-lock.ts';

/** Thrown when no redis-server can be found; the message says how to install one. */
export class RedisNotAvailableError extends Error {
  constructor(detail: string) {
    super(
      `${detail}\n` +
        'InterviewLM needs Redis 6.2 or newer. Either:\n' +
        '  - install it: Debian/Ubuntu `sudo apt-get install redis-server`, macOS `brew install redis`\n' +
        '    (then `npm start` runs a private redis-server by itself), or\n' +
        '  - point REDIS_URL at a running server, e.g. REDIS_URL=redis://127.0.0.1:6379',
    );
    this.name = 'RedisNotAvailableError';
  }
}

/** A running private Redis. */
export interface EmbeddedRedis {
  url: string;
  port: number;
  /** Stops supervision and the server (SIGTERM flushes the append-only file). */
  stop(): Promise<void>;
}

/** Finds an executable redis-server: the configured path, else the first on PATH. */
export function findRedisServer(configured: string | undefined, searchPath: string[]): string {
  const candidates = configured ? [configured] : searchPath.map((dir) => path.join(dir, 'redis-server'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  throw new RedisNotAvailableError(
    configured
      ? `REDIS_SERVER_BIN points at ${configured}, which is not an executable file.`
      : 'REDIS_URL is not set and no redis-server was found on PATH.',
  );
}

/** Asks the kernel for a free loopback port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited during start-up (code ${child.exitCode ?? child.signalCode})`);
    }
    const probe = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 500,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      // PING answers LOADING while the append-only file is replayed; wait until it is done.
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not accepting connections yet
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not become ready within ${timeoutMs} ms`);
}

/** Kills a redis-server left running by an earlier owner of `dir` that crashed. */
function stopOrphan(dir: string, logger: Logger): void {
  try {
    const pid = Number.parseInt(readFileSync(path.join(dir, 'redis.pid'), 'utf8'), 10);
    if (!Number.isInteger(pid) || !isProcessAlive(pid)) return;
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (commandLine.includes('redis-server')) {
      logger.warn({ pid }, 'stopping a private redis-server left behind by a crashed run');
      process.kill(pid, 'SIGTERM');
      // The new server must not open the same append-only file while the old one still writes it.
      const deadline = Date.now() + 10_000;
      while (isProcessAlive(pid) && Date.now() < deadline)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  } catch {
    // no pid file, or no /proc (macOS): nothing we can safely do
  }
}

function launch(binary: string, dir: string, port: number): ChildProcess {
  return spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--protected-mode',
      'yes',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--pidfile',
      path.join(dir, 'redis.pid'),
      '--logfile',
      path.join(dir, 'redis.log'),
      // The queue store must never evict keys: an evicted job is a lost job.
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
    ],
    // Its own process group: Ctrl-C in a terminal must not stop Redis before our workers have
    // drained; we stop it ourselves, last, and a later start cleans up after a crash.
    { stdio: 'ignore', detached: true },
  );
}

/** Starts (and supervises) a private redis-server with its data in `dataDir/redis`. */
export async function startEmbeddedRedis(options: {
  dataDir: string;
  binary: string | undefined;
  searchPath: string[];
  logger: Logger;
}): Promise<EmbeddedRedis> {
  const logger = options.logger.child({ component: 'embedded-redis' });
  const binary = findRedisServer(options.binary, options.searchPath);
  const dir = path.join(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const lock = acquirePidLock(path.join(dir, 'owner.lock'), {
    inUseMessage: (pid) =>
      `The private Redis in ${dir} belongs to process ${pid}. Stop it, or set REDIS_URL to share one Redis.`,
  });
  if (lock.stalePid !== undefined) stopOrphan(dir, logger);

  let stopping = false;
  let child: ChildProcess | undefined;
  let port = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarts = 0;

  const supervise = (running: ChildProcess) => {
    running.once('exit', (code, signal) => {
      if (stopping) return;
      restarts += 1;
      const delay = Math.min(1_000 * restarts, 10_000);
      logger.error({ code, signal, restartInMs: delay }, 'private redis-server stopped unexpectedly');
      restartTimer = setTimeout(() => {
        child = launch(binary, dir, port);
        supervise(child);
        waitUntilReady(port, child, 30_000).then(
          () => {
            restarts = 0;
            logger.info({ port }, 'private redis-server restarted');
          },
          (error: unknown) => logger.error({ err: error }, 'private redis-server failed to restart'),
        );
      }, delay);
    });
  };

  try {
    let lastError: unknown;
    // A port found free can be taken before redis binds it; try a few.
    for (let attempt = 0; attempt < 3 && !child; attempt += 1) {
      port = await findFreePort();
      const candidate = launch(binary, dir, port);
      try {
        await waitUntilReady(port, candidate, 30_000);
        child = candidate;
      } catch (error) {
        lastError = error;
        candidate.kill('SIGKILL');
      }
    }
    if (!child) {
      throw new RedisNotAvailableError(
        `The private redis-server (${binary}) did not start: ${String(lastError)}. See ${dir}/redis.log.`,
      );
    }
  } catch (error) {
    lock.release();
    throw error;
  }
  supervise(child);
  logger.info({ port, dir, binary }, 'private redis-server started');

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (running && running.exitCode === null && running.signalCode === null) {
        const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
        running.kill('SIGTERM');
        const forced = setTimeout(() => running.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(forced);
      }
      lock.release();
      logger.info('private redis-server stopped');
    },
  };
}
