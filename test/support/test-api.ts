/**
 * The real API process in-process for a test file: a database of its own, a unique Redis prefix,
 * a free port and quiet logs; `stop()` removes all three. `env` adds or overrides settings.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/env.ts';
import { type RunningPlatform, startPlatform } from '../../src/main.ts';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { createEmptyDatabase } from './database.ts';
import { testLogger } from './logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from './redis.ts';
import { testRedisUrl } from './services.ts';

export interface TestApi {
  platform: RunningPlatform;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The Redis key prefix (QUEUE_PREFIX) of this platform. */
  prefix: string;
  stop(): Promise<void>;
}

export async function startTestApi(name: string, env: Record<string, string> = {}): Promise<TestApi> {
  const prefix = uniquePrefix(name);
  const database = await createEmptyDatabase();
  const port = await findFreePort();
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), `ilm-${name}-`)),
    OPERATOR_TOKEN: `${name}-${randomBytes(16).toString('hex')}`,
    LOG_LEVEL: 'silent',
    // A short deadline: a job still running at the end must not hold the test's hook.
    SHUTDOWN_TIMEOUT_MS: '5000',
    PATH: process.env.PATH,
    ...env,
  });
  // The API alone: no worker is started.
  const platform = await startPlatform({ config, role: 'api', logger: testLogger });
  return {
    platform,
    base: platform.url ?? '',
    prefix,
    async stop() {
      await platform.stop();
      await deleteKeysWithPrefix(prefix);
      await database.drop();
    },
  };
}
