/**
 * Reads what the metrics need from BullMQ: job counts per state and live workers, per queue.
 * Shared by the /metrics gauges and the metrics history, so both count the same way.
 */
import { type QueueName, queueNames } from '../queue/contracts.ts';
import type { QueueRegistry } from '../queue/queues.ts';

/**
 * The job states reported per queue. BullMQ 6 keeps a paused queue's jobs in its wait list, so
 * `paused` is derived: a paused queue reports its waiting jobs as `paused` (and `waiting` 0), as
 * older BullMQ did, which tells an operator why nothing moves.
 */
export const queueJobStates = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'paused',
  'completed',
  'failed',
] as const;

/** One job state of a queue. */
export type QueueJobState = (typeof queueJobStates)[number];

/** Job counts of one queue, by state. */
export type QueueJobCounts = Record<QueueJobState, number>;

const countedStates = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/** Job counts per state of one queue. */
async function readCounts(queues: QueueRegistry, name: QueueName): Promise<QueueJobCounts> {
  const queue = queues.queue(name);
  const [raw, paused] = await Promise.all([queue.getJobCounts(...countedStates), queue.isPaused()]);
  const count = (state: (typeof countedStates)[number]) => raw[state] ?? 0;
  return {
    waiting: paused ? 0 : count('waiting'),
    active: count('active'),
    delayed: count('delayed'),
    prioritized: count('prioritized'),
    paused: paused ? count('waiting') : 0,
    completed: count('completed'),
    failed: count('failed'),
  };
}

/** Job counts per state of every queue, asked of all queues at once. */
export async function readQueueCounts(queues: QueueRegistry): Promise<Record<QueueName, QueueJobCounts>> {
  const entries = await Promise.all(
    queueNames.map(async (name) => [name, await readCounts(queues, name)] as const),
  );
  return Object.fromEntries(entries) as Record<QueueName, QueueJobCounts>;
}

/** Workers connected to each queue right now (BullMQ names its worker connections; CLIENT LIST). */
export async function readLiveWorkers(queues: QueueRegistry): Promise<Record<QueueName, number>> {
  const entries = await Promise.all(
    queueNames.map(async (name) => [name, await queues.queue(name).getWorkersCount()] as const),
  );
  return Object.fromEntries(entries) as Record<QueueName, number>;
}

/**
 * Jobs still to be run (the history's queue depth): waiting, active, delayed and prioritized, and
 * the waiting jobs of a paused queue, which are still owed.
 */
export function queueDepthOf(counts: QueueJobCounts): number {
  return counts.waiting + counts.paused + counts.active + counts.delayed + counts.prioritized;
}
