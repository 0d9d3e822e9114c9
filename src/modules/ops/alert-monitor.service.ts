/**
 * Checks the seed's monitoring thresholds on a timer and raises what they call for: worker health
 * not healthy, health slower than 5 s, a dead-letter queue over 5 entries or with an entry older
 * than 24 h. Runs in processes that serve the API; alert deduplication (per fingerprint and
 * window) keeps several API processes from alerting twice.
 */
import type { Logger } from '../../platform/logger.ts';
import { evaluateThresholds } from './alert-thresholds.ts';
import type { AlertService } from './alerts.service.ts';
import type { DeadLetterService } from './dead-letter.service.ts';
import type { WorkerHealthReport } from './health.service.ts';

export interface AlertMonitor {
  /** One check; resolves with how many alerts were queued. */
  checkOnce(now?: Date): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createAlertMonitor(options: {
  checkWorkers: () => Promise<WorkerHealthReport>;
  deadLetters: Pick<DeadLetterService, 'stats'>;
  alerts: Pick<AlertService, 'raise'>;
  intervalMs: number;
  logger: Logger;
}): AlertMonitor {
  const log = options.logger.child({ component: 'alert-monitor' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function checkOnce(now = new Date()): Promise<number> {
    const [workerHealth, stats] = await Promise.all([options.checkWorkers(), options.deadLetters.stats()]);
    let queued = 0;
    for (const event of evaluateThresholds({ workerHealth, deadLetters: stats.queues, now })) {
      queued += (await options.alerts.raise(event)).queued;
    }
    return queued;
  }

  return {
    checkOnce,
    start() {
      timer = setInterval(() => {
        if (running) return;
        running = checkOnce()
          .catch((error: unknown) => log.error({ err: error }, 'threshold check failed'))
          .finally(() => {
            running = undefined;
          });
      }, options.intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
