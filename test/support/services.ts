/**
 * Where integration tests find the real PostgreSQL and Redis: TEST_DATABASE_URL and
 * TEST_REDIS_URL, defaulting to the local services.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
