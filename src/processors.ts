/**
 * Which code processes which queue. The foundation gives every queue a placeholder processor
 * that acknowledges the job and logs it; each later capability replaces its entry with the real
 * worker from its module (named beside each entry), so no queue is ever left without a consumer.
 */
import type { Logger } from './platform/logger.ts';
import type { QueueName } from './platform/queue/contracts.ts';
import type { JobProcessor, ProcessorMap } from './platform/queue/worker-runner.ts';

/** A processor that only acknowledges: stands in until `owner` lands the real one. */
function placeholder<Q extends QueueName>(queue: Q, owner: string, logger: Logger): JobProcessor<Q> {
  return async (payload, job) => {
    logger.info({ queue, jobId: job.id, payload, owner }, 'job acknowledged by placeholder processor');
    return { acknowledgedBy: 'placeholder', owner };
  };
}

/** Queues whose module has landed: the composition root passes their real processors in. */
export type RealProcessors = Pick<ProcessorMap, 'code-execution' | 'notification' | 'question-generation'>;

/** The processor of every queue. */
export function createProcessors(logger: Logger, real: RealProcessors): ProcessorMap {
  const log = logger.child({ component: 'processors' });
  return {
    ...placeholders(log),
    ...real,
  };
}

function placeholders(log: Logger): Omit<ProcessorMap, keyof RealProcessors> {
  return {
    // Replaced by the interview agent (modules/agents, "Interview agent" issue).
    'interview-agent': placeholder('interview-agent', 'agents: interview agent', log),
    // Replaced by the evaluation agent (modules/agents, "evaluation agent" issue).
    'evaluation-agent': placeholder('evaluation-agent', 'agents: evaluation agent', log),
  };
}
