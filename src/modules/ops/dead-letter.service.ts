/**
 * The dead-letter queue: where a job goes when it failed for good, so it is never lost. Redis
 * holds the working copy (`{prefix}:dlq:{queue}:{jobId}` with a TTL, indexed by a sorted set
 * per queue scored by failure time), the database the durable record. A job leaves BullMQ's
 * failed set only once both are written; until then the sweeper finds it there again.
 */
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Database } from '../../platform/db/client.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { type QueueName, queueNames } from '../../platform/queue/contracts.ts';
import type { QueueRegistry } from '../../platform/queue/queues.ts';
import {
  auditDeadLetterAction,
  deadJobIds,
  failurePatterns,
  findDeadLetter,
  pruneDeadLetters,
  resolveDeadLetter,
  undoRetry,
  upsertDeadLetter,
} from './dead-letter.repository.ts';
import {
  type DeadLetterActor,
  type DeadLetterEntry,
  DeadLetterEntrySchema,
  type DeadLetterStats,
  type QueueDeadLetterStats,
} from './dead-letter.schema.ts';
import { autoRetryDelay, classifyFailure } from './failure-class.ts';
import { errorFromStoredJob, fingerprintOf, type JobErrorInfo } from './fingerprint.ts';

/** Settings of the dead-letter queue (from config). */
export interface DeadLetterSettings {
  ttlSeconds: number;
  maxEntries: number;
  dbRetentionDays: number;
  sweepIntervalMs: number;
}

/** What the dead-letter queue tells the alerting side about a job that stays dead. */
export interface DeadLetterNotice {
  entry: DeadLetterEntry;
  pattern: string;
}

/** How a move ended. */
export type MoveOutcome = { status: 'dead' } | { status: 'auto-retry'; delayMs: number };

export interface DeadLetterService {
  /** Records a job that failed for good and takes it out of BullMQ's failed set. Throws only on storage failure. */
  moveToDeadLetter(queue: QueueName, job: Job, error?: Error): Promise<MoveOutcome>;
  /** The worker hook: like moveToDeadLetter, but never throws (the sweeper redoes a failed move). */
  onFinalFailure(queue: QueueName, job: Job, error: Error): Promise<void>;
  list(queue: QueueName, limit: number): Promise<DeadLetterEntry[]>;
  counts(): Promise<Record<QueueName, number>>;
  stats(): Promise<DeadLetterStats>;
  retry(
    queue: QueueName,
    jobId: string,
    actor: DeadLetterActor,
    options?: { delayMs?: number },
  ): Promise<{ retried: boolean; jobId: string }>;
  retryAll(
    queue: QueueName,
    actor: DeadLetterActor,
    fingerprint?: string,
  ): Promise<{ retriedCount: number; failed: Array<{ jobId: string; error: string }> }>;
  discard(queue: QueueName, jobId: string, actor: DeadLetterActor): Promise<{ discarded: boolean }>;
  clear(queue: QueueName, actor: DeadLetterActor): Promise<{ clearedCount: number }>;
  /** One pass: moves failed jobs the listener missed, trims Redis, prunes old rows. */
  sweep(now?: Date): Promise<{ moved: number; pruned: number }>;
  /** Runs `sweep` every sweepIntervalMs (one process at a time, by a Redis lock). */
  startSweeper(): void;
  stop(): Promise<void>;
}

/** Jobs younger than this in the failed set are left to the worker's own listener. */
const SWEEP_GRACE_MS = 5_000;
const SWEEP_BATCH = 200;

export function createDeadLetterService(options: {
  redis: Redis;
  db: Database;
  queues: QueueRegistry;
  prefix: string;
  settings: DeadLetterSettings;
  logger: Logger;
  /** Called when a job stays dead (not re-driven automatically); alerting hangs here. */
  onDead?: (notice: DeadLetterNotice) => Promise<unknown>;
}): DeadLetterService {
  const { redis, db, queues, prefix, settings } = options;
  const log = options.logger.child({ component: 'dead-letter' });
  const entryKey = (queue: string, jobId: string) => `${prefix}:dlq:${queue}:${jobId}`;
  const indexKey = (queue: string) => `${prefix}:dlq-index:${queue}`;

  /** Drops index members past the TTL (their keys are gone) and beyond the count limit. */
  async function trimIndex(queue: string, now = Date.now()): Promise<void> {
    const index = indexKey(queue);
    await redis.zremrangebyscore(index, '-inf', now - settings.ttlSeconds * 1000);
    const excess = (await redis.zcard(index)) - settings.maxEntries;
    if (excess <= 0) return;
    const oldest = await redis.zrange(index, 0, String(excess - 1));
    await redis
      .multi()
      .del(...oldest.map((jobId) => entryKey(queue, jobId)))
      .zrem(index, ...oldest)
      .exec();
  }

  async function forget(queue: string, jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await redis
      .multi()
      .del(...jobIds.map((jobId) => entryKey(queue, jobId)))
      .zrem(indexKey(queue), ...jobIds)
      .exec();
  }

  function entryOf(queue: QueueName, job: Job, error?: Error): DeadLetterEntry {
    const stored = errorFromStoredJob(job.failedReason, job.stacktrace ?? undefined);
    const info: JobErrorInfo = error
      ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
      : stored;
    return {
      jobId: String(job.id),
      queue,
      name: job.name,
      data: job.data ?? null,
      error: { name: info.name, message: info.message.slice(0, 4_000), stack: info.stack?.slice(0, 8_000) },
      attemptsMade: job.attemptsMade,
      failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
      fingerprint: fingerprintOf(info),
    };
  }

  async function moveToDeadLetter(queue: QueueName, job: Job, error?: Error): Promise<MoveOutcome> {
    const entry = entryOf(queue, job, error);
    const failedAt = Date.parse(entry.failedAt);
    await redis
      .multi()
      .set(entryKey(queue, entry.jobId), JSON.stringify(entry), 'EX', String(settings.ttlSeconds))
      .zadd(indexKey(queue), String(failedAt), entry.jobId)
      .exec();
    await trimIndex(queue);
    await upsertDeadLetter(db, entry);
    // Both copies are written: BullMQ's failed set no longer needs to hold it.
    await job.remove().catch((removeError: unknown) => {
      log.warn({ queue, jobId: entry.jobId, err: removeError }, 'could not remove a dead job from BullMQ');
    });
    log.warn(
      { queue, jobId: entry.jobId, fingerprint: entry.fingerprint, error: entry.error.message },
      'job moved to the dead-letter queue',
    );

    const row = await findDeadLetter(db, queue, entry.jobId);
    const delayMs = autoRetryDelay(queue, classifyFailure(entry.error), row?.retryCount ?? 0);
    if (delayMs !== undefined) {
      await retry(queue, entry.jobId, { kind: 'system' }, { delayMs });
      log.info({ queue, jobId: entry.jobId, delayMs }, 'transient failure: retrying automatically later');
      return { status: 'auto-retry', delayMs };
    }
    await options
      .onDead?.({ entry, pattern: `${entry.error.name}: ${entry.error.message}` })
      .catch((alertError: unknown) => log.error({ err: alertError }, 'dead-letter alert failed'));
    return { status: 'dead' };
  }

  async function list(queue: QueueName, limit: number): Promise<DeadLetterEntry[]> {
    await trimIndex(queue);
    const jobIds = await redis.zrevrange(indexKey(queue), 0, limit - 1);
    if (jobIds.length === 0) return [];
    const raw = await redis.mget(...jobIds.map((jobId) => entryKey(queue, jobId)));
    const entries: DeadLetterEntry[] = [];
    const dangling: string[] = [];
    raw.forEach((value, position) => {
      const parsed = value ? DeadLetterEntrySchema.safeParse(JSON.parse(value)) : undefined;
      if (parsed?.success) entries.push(parsed.data);
      else dangling.push(jobIds[position] ?? '');
    });
    // An index member whose entry is gone must not be listed again.
    await forget(queue, dangling.filter(Boolean));
    return entries;
  }

  async function queueStats(queue: QueueName): Promise<QueueDeadLetterStats> {
    await trimIndex(queue);
    const index = indexKey(queue);
    const [count, oldest, newest] = await Promise.all([
      redis.zcard(index),
      redis.zrange(index, 0, '0', 'WITHSCORES'),
      redis.zrevrange(index, 0, 0, 'WITHSCORES'),
    ]);
    const at = (pair: string[]) => (pair[1] ? new Date(Number(pair[1])).toISOString() : null);
    return { count, oldestFailure: at(oldest), newestFailure: at(newest) };
  }

  async function counts(): Promise<Record<QueueName, number>> {
    const pairs = await Promise.all(
      queueNames.map(async (queue) => [queue, (await queueStats(queue)).count] as const),
    );
    return Object.fromEntries(pairs) as Record<QueueName, number>;
  }

  async function retry(
    queue: QueueName,
    jobId: string,
    actor: DeadLetterActor,
    retryOptions: { delayMs?: number } = {},
  ): Promise<{ retried: boolean; jobId: string }> {
    const claimed = await resolveDeadLetter(db, queue, jobId, 'retried', actor);
    if (!claimed) {
      if (!(await findDeadLetter(db, queue, jobId)))
        throw new NotFoundError(`Dead-letter job ${queue}/${jobId}`);
      // Already retried or discarded: asking again changes nothing.
      return { retried: false, jobId };
    }
    try {
      // A job id still held by BullMQ (completed or failed copy) would make the add a no-op.
      const existing = await queues.queue(queue).getJob(jobId);
      if (existing) await existing.remove();
      await queues.enqueue(queue, claimed.data as never, {
        // A job added outside our registry may carry BullMQ's integer id, which cannot be reused.
        jobId: /^\d+$/.test(jobId) ? `${jobId}-retry-${claimed.retryCount}` : jobId,
        ...(retryOptions.delayMs ? { delayMs: retryOptions.delayMs } : {}),
      });
    } catch (error) {
      await undoRetry(db, queue, jobId);
      throw new AppError('CONFLICT', `The job could not be re-enqueued: ${(error as Error).message}`, {
        cause: error,
      });
    }
    await forget(queue, [jobId]);
    await auditDeadLetterAction(db, actor, 'retry', { queue, jobId }, { delayMs: retryOptions.delayMs ?? 0 });
    return { retried: true, jobId };
  }

  async function discard(queue: QueueName, jobId: string, actor: DeadLetterActor) {
    const resolved = await resolveDeadLetter(db, queue, jobId, 'discarded', actor);
    await forget(queue, [jobId]);
    if (resolved) await auditDeadLetterAction(db, actor, 'discard', { queue, jobId }, {});
    return { discarded: Boolean(resolved) };
  }

  async function sweep(now = new Date()): Promise<{ moved: number; pruned: number }> {
    let moved = 0;
    for (const queue of queueNames) {
      const failed = await queues.queue(queue).getFailed(0, SWEEP_BATCH - 1);
      for (const job of failed) {
        if (!job || (job.finishedOn ?? 0) > now.getTime() - SWEEP_GRACE_MS) continue;
        try {
          await moveToDeadLetter(queue, job);
          moved += 1;
        } catch (error) {
          log.error({ queue, jobId: job.id, err: error }, 'sweeper could not move a failed job');
        }
      }
      await trimIndex(queue, now.getTime());
    }
    const pruned = await pruneDeadLetters(
      db,
      new Date(now.getTime() - settings.dbRetentionDays * 86_400_000),
    );
    if (moved > 0 || pruned > 0) log.info({ moved, pruned }, 'dead-letter sweep');
    return { moved, pruned };
  }

  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  const lockKey = `${prefix}:dlq-sweeper-lock`;

  return {
    moveToDeadLetter,
    async onFinalFailure(queue, job, error) {
      try {
        await moveToDeadLetter(queue, job, error);
      } catch (moveError) {
        log.error(
          { queue, jobId: job.id, err: moveError },
          'dead-letter move failed; the sweeper will retry',
        );
      }
    },
    list,
    counts,
    async stats() {
      const pairs = await Promise.all(
        queueNames.map(async (queue) => [queue, await queueStats(queue)] as const),
      );
      const perQueue = Object.fromEntries(pairs);
      return {
        totalCount: pairs.reduce((sum, [, stats]) => sum + stats.count, 0),
        queues: perQueue,
        fingerprints: await failurePatterns(db),
      };
    },
    retry,
    async retryAll(queue, actor, fingerprint) {
      let retriedCount = 0;
      const failed: Array<{ jobId: string; error: string }> = [];
      for (const jobId of await deadJobIds(db, queue, fingerprint)) {
        try {
          if ((await retry(queue, jobId, actor)).retried) retriedCount += 1;
        } catch (error) {
          failed.push({ jobId, error: (error as Error).message });
        }
      }
      return { retriedCount, failed };
    },
    discard,
    async clear(queue, actor) {
      const fromDatabase = await deadJobIds(db, queue, undefined, 100_000);
      const fromRedis = await redis.zrange(indexKey(queue), 0, '-1');
      const jobIds = [...new Set([...fromDatabase, ...fromRedis])];
      let clearedCount = 0;
      for (const jobId of jobIds) {
        const resolved = await resolveDeadLetter(db, queue, jobId, 'discarded', actor);
        if (resolved || fromRedis.includes(jobId)) clearedCount += 1;
      }
      await forget(queue, fromRedis);
      await redis.del(indexKey(queue));
      await auditDeadLetterAction(db, actor, 'clear', { queue }, { clearedCount });
      return { clearedCount };
    },
    sweep,
    startSweeper() {
      const tick = async () => {
        // One sweeper at a time across processes; the lock expires if its holder dies.
        const locked = await redis.set(
          lockKey,
          String(process.pid),
          'PX',
          String(settings.sweepIntervalMs),
          'NX',
        );
        if (locked !== 'OK') return;
        await sweep();
      };
      timer = setInterval(() => {
        if (sweeping) return;
        sweeping = tick()
          .catch((error: unknown) => log.error({ err: error }, 'dead-letter sweep failed'))
          .finally(() => {
            sweeping = undefined;
          });
      }, settings.sweepIntervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
