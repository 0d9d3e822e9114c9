/**
 * The producer side: one BullMQ Queue per contract and a typed `enqueue` that validates the
 * payload and applies the queue's retry and retention policy.
 */
import { randomUUID } from 'node:crypto';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  type JobPayload,
  type QueueName,
  type QueuePolicy,
  queueContracts,
  queueNames,
} from './contracts.ts';

/** BullMQ job options that carry out a queue policy. */
export function jobOptionsFor(policy: QueuePolicy): JobsOptions {
  return {
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs, jitter: 0.5 },
    removeOnComplete: { count: policy.keepCompleted.count, age: policy.keepCompleted.ageSeconds },
    removeOnFail: { count: policy.keepFailed.count, age: policy.keepFailed.ageSeconds },
  };
}

/** Options a producer may set on one job. */
export interface EnqueueOptions {
  /** Makes the enqueue idempotent: a second job with the same id is not added. No ':' allowed, not an integer. Default: a UUID. */
  jobId?: string;
  delayMs?: number;
  /**
   * Collapses bursts without dropping the last word: while a job with this id waits, adding another
   * is a no-op (the waiting job reads everything new when it runs); while it runs, the last one
   * added is kept and runs after it, so a job that reads "everything new" (the interview agent)
   * never misses what arrived during its run. (Not rescheduled on each add: a steady stream of
   * notifications would then postpone the job for as long as the stream lasts.)
   */
  deduplicationId?: string;
}

/** All queues of the platform, ready to receive jobs. */
export interface QueueRegistry {
  /** Validates `payload` against the queue's contract and adds the job; resolves with its id. */
  enqueue<Q extends QueueName>(queue: Q, payload: JobPayload<Q>, options?: EnqueueOptions): Promise<string>;
  /** The underlying BullMQ queue (for counts and admin operations). */
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

/** Creates every queue on a shared connection, with key prefix `prefix`. */
export function createQueueRegistry(options: { connection: Redis; prefix: string }): QueueRegistry {
  const queues = new Map<QueueName, Queue>(
    queueNames.map((name) => {
      const queue = new Queue(name, {
        connection: options.connection,
        prefix: options.prefix,
        defaultJobOptions: jobOptionsFor(queueContracts[name].policy),
      });
      // The shared connection's own listener reports outages once; without a listener here
      // BullMQ would print every reconnect error of every queue to stderr.
      queue.on('error', () => {});
      return [name, queue];
    }),
  );
  const queueOf = (name: QueueName): Queue => {
    const queue = queues.get(name);
    if (!queue) throw new Error(`Unknown queue ${name}`);
    return queue;
  };
  return {
    async enqueue(name, payload, jobOptions = {}) {
      const parsed = queueContracts[name].payload.parse(payload);
      if (jobOptions.jobId?.includes(':') || /^\d+$/.test(jobOptions.jobId ?? ''))
        throw new Error(`Job id "${jobOptions.jobId}" must not contain ':' or be an integer`);
      // Our job ids are never BullMQ's counters: a dead job is retried under its own id, and
      // BullMQ refuses integer ids given by a caller.
      const job = await queueOf(name).add(name, parsed, {
        jobId: jobOptions.jobId ?? randomUUID(),
        ...(jobOptions.delayMs ? { delay: jobOptions.delayMs } : {}),
        ...(jobOptions.deduplicationId
          ? { deduplication: { id: jobOptions.deduplicationId, keepLastIfActive: true } }
          : {}),
      });
      if (!job.id) throw new Error(`BullMQ returned no id for a ${name} job`);
      return job.id;
    },
    queue: queueOf,
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
