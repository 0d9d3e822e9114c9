/**
 * Assessment routes (organization members and API keys, `assessments:*` permissions):
 *   POST  /api/assessments                  create a draft
 *   GET   /api/assessments                  the organization's assessments (filters, cursor paging)
 *   GET   /api/assessments/:id
 *   PATCH /api/assessments/:id              locked fields answer 409 once a candidate has started
 *   POST  /api/assessments/:id/duplicate    a draft copy
 *   POST  /api/assessments/:id/publish      validates the plan, then calls `onPublished`
 *   POST  /api/assessments/:id/archive
 * `registerAssessmentRoutes` also registers the problem seed routes (seeds.routes.ts).
 */
import type { Database } from '../../platform/db/client.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { type AuthGuard, actorOf } from '../accounts/index.ts';
import {
  AssessmentCreateSchema,
  AssessmentDuplicateSchema,
  AssessmentIdParamsSchema,
  AssessmentListQuerySchema,
  AssessmentListResponseSchema,
  AssessmentResponseSchema,
  AssessmentUpdateSchema,
} from './assessments.schema.ts';
import {
  type AssessmentService,
  createAssessmentService,
  type OnAssessmentPublished,
} from './assessments.service.ts';
import { registerSeedRoutes } from './seeds.routes.ts';
import { createSeedService } from './seeds.service.ts';

const tags = ['assessments'];

/** Options of `registerAssessmentRoutes`. */
export interface AssessmentRouteOptions {
  db: Database;
  guard: AuthGuard;
  /** Called once an assessment is published (the composition root pre-warms the question cache). */
  onPublished?: OnAssessmentPublished | undefined;
  /** Clock of publishedAt/archivedAt, for tests. */
  now?: () => Date;
}

/** Registers the assessment and problem seed routes; resolves nothing, returns the services it built. */
export function registerAssessmentRoutes(app: HttpServer, options: AssessmentRouteOptions) {
  const assessments = createAssessmentService({
    db: options.db,
    onPublished: options.onPublished,
    logger: app.log,
    ...(options.now ? { now: options.now } : {}),
  });
  const seeds = createSeedService({ db: options.db, ...(options.now ? { now: options.now } : {}) });
  registerAssessmentEndpoints(app, { assessments, guard: options.guard });
  registerSeedRoutes(app, { seeds, guard: options.guard });
  return { assessments, seeds };
}

function registerAssessmentEndpoints(
  app: HttpServer,
  options: { assessments: AssessmentService; guard: AuthGuard },
): void {
  const { assessments, guard } = options;
  const read = guard.require('assessments:read');
  const write = guard.require('assessments:write');

  app.post(
    '/api/assessments',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Create a draft assessment (the difficulty mix defaults to the seniority’s)',
        body: AssessmentCreateSchema,
        response: { 201: AssessmentResponseSchema },
      },
    },
    async (request, reply) => {
      const assessment = await assessments.create({ actor: actorOf(request), ip: request.ip }, request.body);
      return reply.status(201).send({ success: true as const, assessment });
    },
  );

  app.get(
    '/api/assessments',
    {
      preHandler: read,
      schema: {
        tags,
        summary:
          "The organization's assessments, newest first; page with `cursor` = the previous `nextCursor`",
        querystring: AssessmentListQuerySchema,
        response: { 200: AssessmentListResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      ...(await assessments.list(actorOf(request), request.query)),
    }),
  );

  app.get(
    '/api/assessments/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'One assessment',
        params: AssessmentIdParamsSchema,
        response: { 200: AssessmentResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      assessment: await assessments.get(actorOf(request), request.params.id),
    }),
  );

  app.patch(
    '/api/assessments/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Change an assessment; once a candidate has started, role, seniority, languages and plan are locked',
        params: AssessmentIdParamsSchema,
        body: AssessmentUpdateSchema,
        response: { 200: AssessmentResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      assessment: await assessments.update(
        { actor: actorOf(request), ip: request.ip },
        request.params.id,
        request.body,
      ),
    }),
  );

  app.post(
    '/api/assessments/:id/duplicate',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Copy an assessment (any status) into a new draft',
        params: AssessmentIdParamsSchema,
        body: AssessmentDuplicateSchema,
        response: { 201: AssessmentResponseSchema },
      },
    },
    async (request, reply) => {
      const assessment = await assessments.duplicate(
        { actor: actorOf(request), ip: request.ip },
        request.params.id,
        request.body?.title,
      );
      return reply.status(201).send({ success: true as const, assessment });
    },
  );

  app.post(
    '/api/assessments/:id/publish',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Publish a draft after checking its plan can be served; publishing again changes nothing',
        params: AssessmentIdParamsSchema,
        response: { 200: AssessmentResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      assessment: await assessments.publish({ actor: actorOf(request), ip: request.ip }, request.params.id),
    }),
  );

  app.post(
    '/api/assessments/:id/archive',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Archive an assessment (final; duplicate it to reuse it)',
        params: AssessmentIdParamsSchema,
        response: { 200: AssessmentResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      assessment: await assessments.archive({ actor: actorOf(request), ip: request.ip }, request.params.id),
    }),
  );
}
