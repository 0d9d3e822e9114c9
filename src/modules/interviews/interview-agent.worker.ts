/**
 * The interview runtime's part of the `interview-agent` queue: the deadline job submits a session
 * whose time is up even when no browser is connected. Other kinds belong to the interview agent
 * (live signals, from the agents issue) and are passed to `others`.
 */
import type { Logger } from '../../platform/logger.ts';
import type { JobProcessor } from '../../platform/queue/worker-runner.ts';
import type { InterviewService } from './interview.service.ts';

/** The processor of `interview-agent`: deadlines here, everything else to `others`. */
export function createInterviewAgentProcessor(options: {
  interviews: InterviewService;
  others: JobProcessor<'interview-agent'>;
  logger: Logger;
}): JobProcessor<'interview-agent'> {
  return async (payload, job) => {
    if (payload.kind !== 'deadline_reached') return options.others(payload, job);
    const submitted = await options.interviews.submitAtDeadline(payload.sessionId);
    if (submitted)
      options.logger.info({ sessionId: payload.sessionId }, 'time is up: interview submitted by the server');
    return { submitted };
  };
}
