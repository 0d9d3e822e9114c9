/**
 * Checks once, before any test file runs, that the real services the integration tests need are
 * reachable, and says how to fix it when they are not (instead of 50 confusing timeouts).
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { testDatabaseUrl, testRedisUrl } from './services.ts';

export default async function checkServices(): Promise<void> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    problems.push(
      `PostgreSQL at TEST_DATABASE_URL=${testDatabaseUrl.replace(/:[^:@/]*@/, ':***@')}: ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(testRedisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    problems.push(`Redis at TEST_REDIS_URL=${testRedisUrl}: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
  if (problems.length > 0) {
    throw new Error(
      `Integration tests need real services:\n  - ${problems.join('\n  - ')}\n.ci/run starts them when they are missing.`,
    );
  }
}
