/**
 * Redis connections. Each role gets the options it needs: BullMQ workers block and must retry
 * forever; health checks must fail fast instead of waiting in ioredis' offline queue.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * Reconnect quickly (200 ms growing to 2 s) so the platform recovers within seconds of Redis
 * coming back; BullMQ's own default waits up to 20 s between attempts.
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(200 * attempt, 2_000);
}

/** ioredis options for `url` (host, port, password, db, TLS for rediss://). */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number.parseInt(parsed.pathname.slice(1), 10) : 0;
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number.parseInt(parsed.port, 10) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    retryStrategy: reconnectDelay,
    connectTimeout: 5_000,
  };
}

/** What a connection is for; decides how it behaves while Redis is unreachable. */
export type RedisRole = 'worker' | 'producer' | 'probe';

/** Options for a connection of `role`: workers wait forever, probes fail at once. */
export function redisOptionsForRole(url: string, role: RedisRole): RedisOptions {
  const base = redisOptionsFromUrl(url);
  switch (role) {
    case 'worker':
      return { ...base, maxRetriesPerRequest: null };
    case 'producer':
      // Enqueueing waits through a short blip, then fails with an error the caller can report.
      return { ...base, maxRetriesPerRequest: 2 };
    case 'probe':
      return { ...base, maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: 2_000 };
  }
}

/** Opens a connection of `role`; errors are logged (once per outage), never thrown at the process. */
export function createRedisConnection(url: string, role: RedisRole, logger: Logger): Redis {
  const connection = new Redis({ ...redisOptionsForRole(url, role), lazyConnect: false });
  let reportedOutage = false;
  connection.on('error', (error: Error) => {
    if (!reportedOutage) logger.warn({ err: error, role }, 'Redis connection error; reconnecting');
    reportedOutage = true;
  });
  connection.on('ready', () => {
    if (reportedOutage) logger.info({ role }, 'Redis connection restored');
    reportedOutage = false;
  });
  return connection;
}
