/**
 * The backstop of the deadline job: active sessions past their deadline (the job was lost, Redis
 * was down when it was scheduled) are submitted by a periodic sweep.
 */
import type { Database } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import type { InterviewService } from './interview.service.ts';
import { overdueSessionIds } from './interviews.repository.ts';

/** How long past its deadline a session may stay active before the sweep submits it. */
export const DEADLINE_GRACE_MS = 30_000;

/** Starts the sweep; resolves the returned stop() once a sweep in progress is done. */
export function startDeadlineSweeper(options: {
  db: Database;
  interviews: InterviewService;
  logger: Logger;
  intervalMs?: number;
  now?: () => Date;
}): { sweep(): Promise<number>; stop(): Promise<void> } {
  const now = options.now ?? (() => new Date());
  let running: Promise<number> | undefined;
  const sweep = async (): Promise<number> => {
    const overdue = await overdueSessionIds(options.db, new Date(now().getTime() - DEADLINE_GRACE_MS));
    let submitted = 0;
    for (const sessionId of overdue) {
      const done = await options.interviews.submitAtDeadline(sessionId).catch((error: unknown) => {
        options.logger.warn(
          { err: error, sessionId },
          'overdue session could not be submitted; next sweep retries',
        );
        return false;
      });
      if (done) submitted += 1;
    }
    if (submitted > 0) options.logger.info({ submitted }, 'overdue sessions submitted by the deadline sweep');
    return submitted;
  };
  const timer = setInterval(() => {
    running ??= sweep()
      .catch((error: unknown) => {
        options.logger.warn({ err: error }, 'deadline sweep failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs ?? 30_000);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
