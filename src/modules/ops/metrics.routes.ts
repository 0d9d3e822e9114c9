/**
 * Metrics for platform operators:
 *   GET /metrics                                            → Prometheus text exposition
 *   GET /api/admin/metrics?series=…&from=…&to=…&queue=…     → {success, series, from, to, stepSeconds, points}
 */
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/server.ts';
import type { Metrics } from '../../platform/metrics/registry.ts';
import { queueNames } from '../../platform/queue/contracts.ts';
import type { MetricsHistoryService } from './metrics-history.service.ts';
import { MetricsHistoryQuerySchema, MetricsHistorySchema, resolveHistoryRange } from './metrics-history.ts';
import { type OperatorAccess, requireOperator } from './operator-auth.routes.ts';

const QueryStringSchema = MetricsHistoryQuerySchema.extend({
  queue: z
    .enum(queueNames as [string, ...string[]], { error: `must be one of: ${queueNames.join(', ')}` })
    .optional()
    .describe('only this queue (queue_depth and dead_letter_count)'),
});

const HistoryResponseSchema = MetricsHistorySchema.extend({ success: z.literal(true) });

/**
 * Registers /metrics and, given the history service, the history API; both admit operators only.
 * A workers-only process serves /metrics alone (its job durations live only in that process).
 */
export function registerMetricsRoutes(
  app: HttpServer,
  options: { metrics: Metrics; history?: MetricsHistoryService; operatorToken: OperatorAccess },
): void {
  const { metrics, history } = options;
  const operatorOnly = requireOperator(options.operatorToken);

  app.get(
    '/metrics',
    {
      preHandler: operatorOnly,
      // Prometheus scrapes on a schedule; like the health checks it must never be throttled.
      config: { rateLimit: false },
      schema: { hide: true },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.header('content-type', metrics.registry.contentType).send(text);
    },
  );

  if (!history) return;
  app.get(
    '/api/admin/metrics',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['operations'],
        summary: 'History of one metrics series over a range (default the last 24 hours, at most 31 days)',
        querystring: QueryStringSchema,
        response: { 200: HistoryResponseSchema },
      },
    },
    async (request) => {
      const { from, to } = resolveHistoryRange(request.query, new Date());
      const { series, queue } = request.query;
      const answer = await history.query({ series, from, to, ...(queue === undefined ? {} : { queue }) });
      return { success: true as const, ...answer };
    },
  );
}
