/** GET /api/health and GET /api/health/workers: 200 when usable, 503 when unhealthy. */
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/server.ts';
import { queueContracts, queueNames } from '../../platform/queue/contracts.ts';
import type { HealthService } from './health.service.ts';

const HealthStatusSchema = z.enum(['healthy', 'degraded', 'unhealthy']);

const QueueFiguresSchema = z.object({
  waiting: z.number().int(),
  active: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  delayed: z.number().int(),
  workers: z.number().int(),
});

const WorkerHealthSchema = z.object({
  status: HealthStatusSchema,
  timestamp: z.string(),
  responseTime: z.number().describe('milliseconds the check took'),
  redis: z.object({ connected: z.boolean() }),
  queues: z
    .object(
      Object.fromEntries(queueNames.map((name) => [queueContracts[name].key, QueueFiguresSchema.nullable()])),
    )
    .describe('per queue; null when Redis could not be asked'),
  totals: QueueFiguresSchema.nullable(),
  warnings: z.array(z.string()),
});

const DependencyCheckSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  error: z.string().optional(),
  slow: z.boolean().optional(),
});

const PlatformHealthSchema = z.object({
  status: HealthStatusSchema,
  timestamp: z.string(),
  version: z.string(),
  uptimeSeconds: z.number(),
  checks: z.object({
    database: DependencyCheckSchema.extend({ kind: z.string() }),
    redis: DependencyCheckSchema,
    queues: z.object({ ok: z.boolean(), status: HealthStatusSchema, warnings: z.array(z.string()) }),
    sandbox: z
      .object({
        ok: z.boolean(),
        mode: z.enum(['inline', 'queue']),
        driver: z.string(),
        isolated: z.boolean(),
        cgroups: z.string(),
        languages: z.array(z.string()),
        concurrency: z.number(),
        active: z.number(),
        waiting: z.number(),
        notes: z.array(z.string()),
      })
      .optional(),
    llm: z
      .object({
        ok: z.boolean(),
        provider: z.string(),
        model: z.string(),
        breaker: z.enum(['closed', 'open', 'half-open']),
        consecutiveFailures: z.number().int(),
      })
      .optional(),
  }),
});

/** Registers the health routes; they are exempt from rate limiting so monitors can poll freely. */
export function registerHealthRoutes(app: HttpServer, health: HealthService): void {
  app.get(
    '/api/health',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['operations'],
        summary: 'Platform health: database, Redis and queues',
        response: { 200: PlatformHealthSchema, 503: PlatformHealthSchema },
      },
    },
    async (_request, reply) => {
      const report = await health.checkPlatform();
      return reply.status(report.status === 'unhealthy' ? 503 : 200).send(report);
    },
  );
  app.get(
    '/api/health/workers',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['operations'],
        summary: 'Worker health: Redis and job counts per queue',
        response: { 200: WorkerHealthSchema, 503: WorkerHealthSchema },
      },
    },
    async (_request, reply) => {
      const report = await health.checkWorkers();
      return reply.status(report.status === 'unhealthy' ? 503 : 200).send(report);
    },
  );
}
