/**
 * The one place that defines every queue: its name, the zod schema of its payload (always with a
 * `version`, so a payload shape can change while old jobs are still queued), and its retry and
 * retention policy. Producers and workers both use these definitions, so they cannot disagree.
 */
import { z } from 'zod';

const uuid = z.uuid();

/** Payload of `interview-agent`: something happened in a session that the agent should react to. */
export const InterviewAgentJobSchema = z.object({
  version: z.literal(1),
  sessionId: uuid,
  /** `deadline_reached` is the delayed job that submits a session whose time is up, browser or not. */
  kind: z.enum([
    'session_started',
    'events_recorded',
    'question_submitted',
    'session_completed',
    'deadline_reached',
  ]),
  /** Highest session event seq the job covers; the agent skips events it already processed. */
  eventSeq: z.number().int().nonnegative().optional(),
});

/** Payload of `evaluation-agent`: score one completed session with one scoring version. */
export const EvaluationAgentJobSchema = z.object({
  version: z.literal(1),
  sessionId: uuid,
  scoringVersion: z.string().min(1).max(40),
});

/**
 * Payload of `code-execution`: the whole run request, so sandbox workers on other machines need
 * no database access (they hold only queue credentials). The sandbox module validates `request`
 * with its RunRequestSchema before running it; the job id is the run id, so a run happens once.
 */
export const CodeExecutionJobSchema = z.object({
  version: z.literal(1),
  runId: uuid,
  request: z.record(z.string(), z.unknown()),
});

/** Payload of `question-generation`: generate (and validate) a question ahead of need. */
export const QuestionGenerationJobSchema = z.object({
  version: z.literal(1),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  language: z.enum(['python', 'javascript', 'typescript']),
  topics: z.array(z.string().min(1).max(60)).max(10).optional(),
  seedId: uuid.optional(),
  organizationId: uuid.optional(),
  candidateId: uuid.optional(),
});

/** Payload of `notification`: deliver one stored message (email outbox row or alert). */
export const NotificationJobSchema = z.object({
  version: z.literal(1),
  channel: z.enum(['email', 'alert']),
  /** Id of the stored message; the worker loads it, so a retry never sends stale content. */
  messageId: uuid,
});

/** Retry and retention policy of one queue. */
export interface QueuePolicy {
  /** Total tries, the first included. */
  attempts: number;
  /** First retry delay in ms; doubles each time, with jitter so retries do not stampede. */
  backoffMs: number;
  /** How many jobs of this queue one worker process runs at once. */
  concurrency: number;
  /** Completed jobs kept for inspection: the newest `count`, none older than `ageSeconds`. */
  keepCompleted: { count: number; ageSeconds: number };
  /** Failed jobs kept in BullMQ (the durable record is the dead-letter table). */
  keepFailed: { count: number; ageSeconds: number };
}

const DAY = 24 * 60 * 60;

function policy(overrides: Partial<QueuePolicy>): QueuePolicy {
  return {
    attempts: 3,
    backoffMs: 2_000,
    concurrency: 4,
    // Bounded by count and age, so Redis memory stays flat under continuous load.
    keepCompleted: { count: 10_000, ageSeconds: 30 * DAY },
    keepFailed: { count: 10_000, ageSeconds: 30 * DAY },
    ...overrides,
  };
}

/** Every queue of the platform. `key` is the camelCase name used in health responses. */
export const queueContracts = {
  'interview-agent': {
    key: 'interviewAgent',
    payload: InterviewAgentJobSchema,
    // Four tries over ~7–14 s: a job failing while PostgreSQL restarts is retried past a short
    // outage, and when it succeeds it reads every event since its cursor, including those whose own
    // notifications were collapsed into it meanwhile (test/faults/postgres-restart.int.test.ts);
    // longer outages end in the dead-letter queue, whose sweeper re-drives transient failures.
    policy: policy({ attempts: 4, backoffMs: 2_000, concurrency: 8 }),
  },
  'evaluation-agent': {
    key: 'evaluationAgent',
    payload: EvaluationAgentJobSchema,
    policy: policy({ attempts: 3, backoffMs: 5_000, concurrency: 2 }),
  },
  'code-execution': {
    key: 'codeExecution',
    payload: CodeExecutionJobSchema,
    // A run either happens or reports its own failure as a value; one retry covers a lost worker.
    policy: policy({ attempts: 2, backoffMs: 500, concurrency: 2 }),
  },
  'question-generation': {
    key: 'questionGeneration',
    payload: QuestionGenerationJobSchema,
    policy: policy({ attempts: 3, backoffMs: 10_000, concurrency: 2 }),
  },
  notification: {
    key: 'notification',
    payload: NotificationJobSchema,
    policy: policy({ attempts: 6, backoffMs: 5_000, concurrency: 4 }),
  },
} as const;

export type QueueName = keyof typeof queueContracts;

/** Queue names in a stable order. */
export const queueNames = Object.keys(queueContracts) as QueueName[];

/** The validated payload type of queue `Q`. */
export type JobPayload<Q extends QueueName> = z.infer<(typeof queueContracts)[Q]['payload']>;

/** The camelCase key of a queue in health responses (`interview-agent` → `interviewAgent`). */
export type QueueKey = (typeof queueContracts)[QueueName]['key'];

/** Parses a comma-separated list of queue names; throws naming any unknown one. */
export function parseQueueList(list: string): QueueName[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(name in queueContracts));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `Unknown queue${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ') || '(none given)'}. ` +
        `Known queues: ${queueNames.join(', ')}`,
    );
  }
  return [...new Set(names)] as QueueName[];
}
