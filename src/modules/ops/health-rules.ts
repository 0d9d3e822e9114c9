/**
 * The rules that turn raw queue figures into healthy | degraded | unhealthy. Pure: the service
 * gathers the numbers, this decides. docs/OPERATIONS.md states the same rules for operators.
 */

/** Figures of one queue; null when Redis could not be asked. */
export interface QueueFigures {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
  /** Live worker connections for this queue, across every process. */
  workers: number;
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** Limits past which the platform is reported degraded (from the seed's monitoring section). */
export const workerHealthThresholds = {
  /** More failed jobs than this, across all queues, is degraded. */
  failedJobs: 10,
  /** More waiting jobs than this in one queue is degraded: workers are falling behind. */
  waitingJobs: 100,
  /** A health check slower than this is degraded: Redis or the process is struggling. */
  responseTimeMs: 5_000,
} as const;

/** Sums the figures of every queue. */
export function sumQueueFigures(queues: QueueFigures[]): QueueFigures {
  return queues.reduce(
    (total, queue) => ({
      waiting: total.waiting + queue.waiting,
      active: total.active + queue.active,
      completed: total.completed + queue.completed,
      failed: total.failed + queue.failed,
      delayed: total.delayed + queue.delayed,
      workers: total.workers + queue.workers,
    }),
    { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0, workers: 0 },
  );
}

/** Decides the worker-health status and the warnings that explain it. */
export function assessWorkerHealth(input: {
  redisConnected: boolean;
  /** Figures per queue name; empty when Redis could not be asked. */
  queues: Record<string, QueueFigures>;
  responseTimeMs: number;
}): { status: HealthStatus; warnings: string[] } {
  if (!input.redisConnected) {
    return { status: 'unhealthy', warnings: ['Redis is unreachable: no job can be queued or processed'] };
  }
  const critical: string[] = [];
  const degraded: string[] = [];
  for (const [name, figures] of Object.entries(input.queues)) {
    if (figures.workers === 0 && figures.waiting > 0) {
      critical.push(`${name}: ${figures.waiting} job(s) waiting and no live worker`);
    } else if (figures.workers === 0) {
      degraded.push(`${name}: no live worker; new jobs would wait`);
    }
    if (figures.waiting > workerHealthThresholds.waitingJobs) {
      degraded.push(`${name}: ${figures.waiting} jobs waiting (> ${workerHealthThresholds.waitingJobs})`);
    }
  }
  const totals = sumQueueFigures(Object.values(input.queues));
  if (totals.failed > workerHealthThresholds.failedJobs) {
    degraded.push(`${totals.failed} failed jobs in total (> ${workerHealthThresholds.failedJobs})`);
  }
  if (input.responseTimeMs > workerHealthThresholds.responseTimeMs) {
    degraded.push(
      `health check took ${input.responseTimeMs} ms (> ${workerHealthThresholds.responseTimeMs})`,
    );
  }
  const status: HealthStatus =
    critical.length > 0 ? 'unhealthy' : degraded.length > 0 ? 'degraded' : 'healthy';
  return { status, warnings: [...critical, ...degraded] };
}
