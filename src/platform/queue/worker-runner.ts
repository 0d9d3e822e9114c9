/**
 * The consumer side: starts BullMQ workers for chosen queues, validates every payload against its
 * contract before the processor sees it, and shuts down gracefully — stop taking jobs, let active
 * ones finish up to a deadline, then force.
 */
import { hostname } from 'node:os';
import { type ConnectionOptions, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from '../logger.ts';
import { reconnectDelay, redisOptionsForRole } from '../redis/connection.ts';
import { type JobPayload, type QueueName, queueContracts } from './contracts.ts';

/** Handles one job of queue `Q`; throw to retry, throw UnrecoverableError to give up at once. */
export type JobProcessor<Q extends QueueName> = (payload: JobPayload<Q>, job: Job) => Promise<unknown>;

/** A processor for every queue; the composition root decides which module owns which. */
export type ProcessorMap = { [Q in QueueName]: JobProcessor<Q> };

/** What the platform wants to know about jobs, beyond the processor's own work. */
export interface WorkerHooks {
  /**
   * A job failed for good (attempts used up, or UnrecoverableError): the dead-letter move. Its
   * rejections are logged and swallowed, so a failing hook never disturbs the worker.
   */
  onFinalFailure?: (queue: QueueName, job: Job, error: Error) => Promise<void>;
  /** A job's processor finished, either way, after `durationSeconds` (metrics). Must not throw. */
  onJobFinished?: (queue: QueueName, outcome: 'completed' | 'failed', durationSeconds: number) => void;
}

/** Running workers of one process. */
export interface WorkerPool {
  queues: QueueName[];
  /** Stops taking new jobs and waits for active ones; false when `deadlineMs` ran out first. */
  drain(deadlineMs: number): Promise<boolean>;
  /** Closes every worker, abandoning jobs still active (BullMQ re-queues them as stalled). */
  close(): Promise<void>;
}

function validated<Q extends QueueName>(
  name: Q,
  processor: JobProcessor<Q>,
  logger: Logger,
  hooks: WorkerHooks,
) {
  return async (job: Job) => {
    const started = performance.now();
    let outcome: 'completed' | 'failed' = 'failed';
    try {
      const result = await validatedRun(name, processor, job);
      outcome = 'completed';
      logger.debug({ jobId: job.id, durationMs: Math.round(performance.now() - started) }, 'job done');
      return result;
    } finally {
      hooks.onJobFinished?.(name, outcome, (performance.now() - started) / 1000);
    }
  };
}

/** Validates the payload against its contract, then runs the processor on it. */
async function validatedRun<Q extends QueueName>(name: Q, processor: JobProcessor<Q>, job: Job) {
  const parsed = queueContracts[name].payload.safeParse(job.data);
  if (!parsed.success) {
    // A malformed payload fails the same way every time: retrying it only delays the alert.
    throw new UnrecoverableError(
      `Invalid ${name} payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return processor(parsed.data as JobPayload<Q>, job);
}

/** True when BullMQ will not try a failed job again: it gave up, or it used every attempt. */
export function isFinalFailure(error: Error, attemptsMade: number, attempts: number | undefined): boolean {
  return (
    error instanceof UnrecoverableError ||
    error.name === 'UnrecoverableError' ||
    attemptsMade >= (attempts ?? 1)
  );
}

/** Connection options for a blocking worker (BullMQ opens its own connections from them). */
function workerConnection(redisUrl: string): ConnectionOptions {
  return { ...redisOptionsForRole(redisUrl, 'worker'), retryStrategy: reconnectDelay };
}

/** Starts one worker per queue in `queues`, connected to `redisUrl`. */
export function startWorkers(options: {
  queues: QueueName[];
  processors: ProcessorMap;
  redisUrl: string;
  prefix: string;
  logger: Logger;
  hooks?: WorkerHooks;
  /**
   * How long a job's lock lasts without renewal, and how often stalled jobs are looked for: a
   * worker that died mid-job has its job back in the queue after about their sum. BullMQ's
   * defaults (30 s each) unless set.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}): WorkerPool {
  const hooks = options.hooks ?? {};
  const workerName = `${hostname()}-${process.pid}`;
  const workers = options.queues.map((name) => {
    const logger = options.logger.child({ component: 'worker', queue: name });
    const processor = options.processors[name] as JobProcessor<QueueName>;
    const worker = new Worker(name, validated(name, processor, logger, hooks), {
      connection: workerConnection(options.redisUrl),
      prefix: options.prefix,
      concurrency: queueContracts[name].policy.concurrency,
      name: workerName,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    let reportedOutage = false;
    // Without an error listener a lost connection would crash the process; log once per outage.
    worker.on('error', (error) => {
      if (!reportedOutage) logger.warn({ err: error }, 'worker error; BullMQ keeps reconnecting');
      reportedOutage = true;
    });
    worker.on('ready', () => {
      reportedOutage = false;
    });
    worker.on('failed', (job, error) => {
      const final = !job || isFinalFailure(error, job.attemptsMade, job.opts.attempts);
      logger.warn(
        { jobId: job?.id, attemptsMade: job?.attemptsMade, err: error },
        final ? 'job failed for good' : 'job failed; will retry',
      );
      if (final && job && hooks.onFinalFailure) {
        hooks.onFinalFailure(name, job, error).catch((hookError: unknown) => {
          logger.error({ jobId: job.id, err: hookError }, 'dead-letter hook failed; the sweeper will retry');
        });
      }
    });
    return worker;
  });
  options.logger.info({ queues: options.queues, workerName }, 'workers started');

  return {
    queues: options.queues,
    async drain(deadlineMs) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      });
      // pause() stops fetching and waits for active jobs while leaving close(true) usable after a
      // missed deadline; a non-forced close() would make every later close wait for the stuck job.
      const drained = Promise.all(workers.map((worker) => worker.pause())).then(() => true as const);
      const finished = await Promise.race([drained, deadline]);
      clearTimeout(timer);
      return finished;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close(true)));
    },
  };
}
