/**
 * Contracts of the dead-letter queue (seed P1.3, PRODUCT.md §8): the stored entry and the admin
 * API's answers, with the seed's shapes (`{success, stats}`, `{success, queueName, jobCount, jobs}`).
 * The requests, which name queues, live with the routes.
 */
import { z } from 'zod';

/** A job that failed for good, as kept in Redis (`dlq:{queue}:{jobId}`) and in the database. */
export const DeadLetterEntrySchema = z.object({
  jobId: z.string(),
  queue: z.string(),
  name: z.string(),
  data: z.unknown(),
  error: z.object({ name: z.string(), message: z.string(), stack: z.string().optional() }),
  attemptsMade: z.number().int(),
  failedAt: z.string(),
  fingerprint: z.string(),
});
export type DeadLetterEntry = z.infer<typeof DeadLetterEntrySchema>;

export const QueueDeadLetterStatsSchema = z.object({
  count: z.number().int(),
  oldestFailure: z.string().nullable(),
  newestFailure: z.string().nullable(),
});
export type QueueDeadLetterStats = z.infer<typeof QueueDeadLetterStatsSchema>;

export const FailurePatternSchema = z.object({
  fingerprint: z.string(),
  count: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  queues: z.array(z.string()),
  example: z.object({ queue: z.string(), jobId: z.string(), error: z.string() }),
});
export type FailurePattern = z.infer<typeof FailurePatternSchema>;

export const DeadLetterStatsSchema = z.object({
  totalCount: z.number().int(),
  queues: z.record(z.string(), QueueDeadLetterStatsSchema),
  fingerprints: z.array(FailurePatternSchema),
});
export type DeadLetterStats = z.infer<typeof DeadLetterStatsSchema>;

/** Who resolved an entry: an operator (token or, later, a login), the CLI, or the platform itself. */
export interface DeadLetterActor {
  kind: 'operator' | 'cli' | 'system';
  userId?: string | undefined;
}
