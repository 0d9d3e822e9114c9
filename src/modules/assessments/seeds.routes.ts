/**
 * Problem seed routes (`seeds:*` permissions): the organization's own problems.
 *   POST  /api/seeds              GET /api/seeds (filters, cursor paging)
 *   GET   /api/seeds/:id          PATCH /api/seeds/:id
 *   POST  /api/seeds/:id/archive  (seeds are archived, never deleted)
 */
import type { HttpServer } from '../../platform/http/server.ts';
import { type AuthGuard, actorOf } from '../accounts/index.ts';
import {
  SeedCreateSchema,
  SeedIdParamsSchema,
  SeedListQuerySchema,
  SeedListResponseSchema,
  SeedResponseSchema,
  SeedUpdateSchema,
} from './seeds.schema.ts';
import type { SeedService } from './seeds.service.ts';

const tags = ['problem seeds'];

/** Registers the problem seed routes over `seeds`. */
export function registerSeedRoutes(app: HttpServer, options: { seeds: SeedService; guard: AuthGuard }): void {
  const { seeds, guard } = options;
  const read = guard.require('seeds:read');
  const write = guard.require('seeds:write');

  app.post(
    '/api/seeds',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Add a problem seed',
        body: SeedCreateSchema,
        response: { 201: SeedResponseSchema },
      },
    },
    async (request, reply) => {
      const seed = await seeds.create({ actor: actorOf(request), ip: request.ip }, request.body);
      return reply.status(201).send({ success: true as const, seed });
    },
  );

  app.get(
    '/api/seeds',
    {
      preHandler: read,
      schema: {
        tags,
        summary: "The organization's problem seeds, newest first (archived ones with includeArchived=true)",
        querystring: SeedListQuerySchema,
        response: { 200: SeedListResponseSchema },
      },
    },
    async (request) => ({ success: true as const, ...(await seeds.list(actorOf(request), request.query)) }),
  );

  app.get(
    '/api/seeds/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'One problem seed',
        params: SeedIdParamsSchema,
        response: { 200: SeedResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      seed: await seeds.get(actorOf(request), request.params.id),
    }),
  );

  app.patch(
    '/api/seeds/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Change a problem seed (not once archived)',
        params: SeedIdParamsSchema,
        body: SeedUpdateSchema,
        response: { 200: SeedResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      seed: await seeds.update({ actor: actorOf(request), ip: request.ip }, request.params.id, request.body),
    }),
  );

  app.post(
    '/api/seeds/:id/archive',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Archive a problem seed (refused while a published assessment draws from it)',
        params: SeedIdParamsSchema,
        response: { 200: SeedResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      seed: await seeds.archive({ actor: actorOf(request), ip: request.ip }, request.params.id),
    }),
  );
}
