/**
 * The `question-generation` queue: generates (and proves) a question ahead of need, so the cache
 * is warm when candidates arrive. A failure follows the queue's retries and then the dead-letter
 * queue like any job.
 */
import type { QueueRegistry } from '../../platform/queue/queues.ts';
import type { JobProcessor } from '../../platform/queue/worker-runner.ts';
import type { QuestionGenerator } from './generation.service.ts';

export function createQuestionGenerationProcessor(
  generator: QuestionGenerator,
): JobProcessor<'question-generation'> {
  return async (payload) => {
    const result = await generator.generateQuestion(payload);
    return { questionId: result.question.id, source: result.source, tokensUsed: result.tokensUsed };
  };
}

/** One slot of an assessment's plan that generation can fill. */
export interface PlanSlot {
  difficulty: 'easy' | 'medium' | 'hard';
  language: 'python' | 'javascript' | 'typescript';
  topics?: string[];
}

/**
 * Pre-warms the cache for a plan (publishing an assessment calls this): one job per distinct
 * slot, with a job id per slot and hour, so publishing twice does not generate twice.
 */
export async function prewarmQuestionCache(
  queues: QueueRegistry,
  plan: PlanSlot[],
  organizationId?: string,
): Promise<number> {
  const hour = Math.floor(Date.now() / 3_600_000);
  const slots = new Map(
    plan.map((slot) => {
      const topics = [...new Set(slot.topics ?? [])].sort();
      return [`${slot.difficulty}|${slot.language}|${topics.join(',')}`, { ...slot, topics }] as const;
    }),
  );
  let enqueued = 0;
  for (const [key, slot] of slots) {
    const safeKey = Buffer.from(key).toString('base64url');
    await queues.enqueue(
      'question-generation',
      {
        version: 1,
        difficulty: slot.difficulty,
        language: slot.language,
        ...(slot.topics.length > 0 ? { topics: slot.topics } : {}),
        ...(organizationId ? { organizationId } : {}),
      },
      { jobId: `prewarm-${safeKey}-${hour}` },
    );
    enqueued += 1;
  }
  return enqueued;
}
