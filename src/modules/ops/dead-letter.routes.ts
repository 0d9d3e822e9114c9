/**
 * The seed's dead-letter admin API, for platform operators only:
 *   GET  /api/admin/dlq                         → {success, stats}
 *   GET  /api/admin/dlq?queue=…&limit=…         → {success, queueName, jobCount, jobs}
 *   POST /api/admin/dlq {action: retry|discard|clear|retry-all, …}
 */
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/server.ts';
import { type QueueName, queueNames } from '../../platform/queue/contracts.ts';
import { DeadLetterEntrySchema, DeadLetterStatsSchema } from './dead-letter.schema.ts';
import type { DeadLetterService } from './dead-letter.service.ts';
import { type OperatorAccess, operatorActor, requireOperator } from './operator-auth.routes.ts';

const QueueNameSchema = z.enum(queueNames as [string, ...string[]], {
  error: `must be one of: ${queueNames.join(', ')}`,
});

const DeadLetterListQuerySchema = z.object({
  queue: QueueNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const DeadLetterActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('retry'), queue: QueueNameSchema, jobId: z.string().min(1).max(200) }),
  z.object({ action: z.literal('discard'), queue: QueueNameSchema, jobId: z.string().min(1).max(200) }),
  z.object({ action: z.literal('clear'), queue: QueueNameSchema }),
  z.object({
    action: z.literal('retry-all'),
    queue: QueueNameSchema,
    fingerprint: z.string().min(1).max(64).optional(),
  }),
]);

const ListOrStatsSchema = z.union([
  z.object({ success: z.literal(true), stats: DeadLetterStatsSchema }),
  z.object({
    success: z.literal(true),
    queueName: z.string(),
    jobCount: z.number().int(),
    jobs: z.array(DeadLetterEntrySchema),
  }),
]);

const ActionResultSchema = z.object({
  success: z.literal(true),
  action: z.string(),
  queue: z.string(),
  jobId: z.string().optional(),
  retried: z.boolean().optional(),
  discarded: z.boolean().optional(),
  clearedCount: z.number().int().optional(),
  retriedCount: z.number().int().optional(),
  failed: z.array(z.object({ jobId: z.string(), error: z.string() })).optional(),
});

export function registerDeadLetterRoutes(
  app: HttpServer,
  options: { deadLetters: DeadLetterService; operatorToken: OperatorAccess },
): void {
  const { deadLetters } = options;
  const operatorOnly = requireOperator(options.operatorToken);

  app.get(
    '/api/admin/dlq',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['operations'],
        summary: 'Dead-letter statistics, or the dead jobs of one queue',
        querystring: DeadLetterListQuerySchema,
        response: { 200: ListOrStatsSchema },
      },
    },
    async (request) => {
      const { queue, limit } = request.query;
      if (!queue) return { success: true as const, stats: await deadLetters.stats() };
      const name = queue as QueueName;
      const [jobs, counts] = await Promise.all([deadLetters.list(name, limit), deadLetters.counts()]);
      return { success: true as const, queueName: name, jobCount: counts[name], jobs };
    },
  );

  app.post(
    '/api/admin/dlq',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['operations'],
        summary: 'Retry, discard, retry all or clear dead-lettered jobs',
        body: DeadLetterActionSchema,
        response: { 200: ActionResultSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const queue = body.queue as QueueName;
      const actor = await operatorActor(options.operatorToken, request);
      switch (body.action) {
        case 'retry':
          return {
            success: true as const,
            action: body.action,
            queue,
            ...(await deadLetters.retry(queue, body.jobId, actor)),
          };
        case 'discard':
          return {
            success: true as const,
            action: body.action,
            queue,
            jobId: body.jobId,
            ...(await deadLetters.discard(queue, body.jobId, actor)),
          };
        case 'clear':
          return {
            success: true as const,
            action: body.action,
            queue,
            ...(await deadLetters.clear(queue, actor)),
          };
        case 'retry-all':
          return {
            success: true as const,
            action: body.action,
            queue,
            ...(await deadLetters.retryAll(queue, actor, body.fingerprint)),
          };
      }
    },
  );
}
