/**
 * GET /api/health's verdict on the database, with real Redis and queues: a database that answers
 * is healthy, one that is slower than the probe's deadline (a busy pool under load) is degraded —
 * not a 503 that would make a load balancer pull the busiest instance — and one that refuses is
 * unhealthy. The database here is a real PostgreSQL pool, pointed at a closed port for the refusal;
 * the slow one is a ping held back by the test.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogger } from '../../../test/support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testDatabaseUrl, testRedisUrl } from '../../../test/support/services.ts';
import { createQueueRegistry } from '../../platform/queue/queues.ts';
import { findFreePort } from '../../platform/redis/embedded-server.ts';
import { createHealthService } from './health.service.ts';

const prefix = uniquePrefix('health');
const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
const queues = createQueueRegistry({ connection: redis, prefix });
const pools: pg.Pool[] = [];

beforeAll(async () => {
  // The probe's connection fails fast (no offline queue): let it connect first.
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});

afterAll(async () => {
  await queues.close();
  await Promise.all(pools.map((pool) => pool.end()));
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

/** A ping of a real pool, as src/platform/db/client.ts measures it. */
function pingOf(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 1_000 });
  pool.on('error', () => {});
  pools.push(pool);
  return async () => {
    const started = performance.now();
    await pool.query('select 1');
    return performance.now() - started;
  };
}

function serviceWith(ping: () => Promise<number>) {
  return createHealthService({
    database: { kind: 'postgres', ping },
    redis,
    queues,
    logger: testLogger,
    version: 'test',
    startedAt: new Date(),
    probeTimeoutMs: 300,
  });
}

describe('the database in /api/health', () => {
  it('is ok when it answers', async () => {
    const report = await serviceWith(pingOf(testDatabaseUrl)).checkPlatform();
    expect(report.checks.database).toMatchObject({ ok: true });
    expect(report.status).not.toBe('unhealthy');
  });

  it('makes the platform degraded, not unhealthy, when it is only slower than the deadline', async () => {
    const realPing = pingOf(testDatabaseUrl);
    const slowPing = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return realPing();
    };
    const report = await serviceWith(slowPing).checkPlatform();
    expect(report.checks.database).toMatchObject({ ok: false, slow: true });
    expect(report.status).toBe('degraded');
  });

  it('makes the platform unhealthy when it refuses connections', async () => {
    const closedPort = await findFreePort();
    const report = await serviceWith(
      pingOf(`postgres://postgres@127.0.0.1:${closedPort}/postgres`),
    ).checkPlatform();
    expect(report.checks.database).toMatchObject({ ok: false, error: 'The database is unreachable' });
    expect(report.checks.database.slow).toBeUndefined();
    expect(report.status).toBe('unhealthy');
  });
});
