/**
 * Candidate routes: invite (one, many, CSV), list, read with history, resend, copy a fresh link,
 * revoke, and pipeline decisions. Every route acts inside the caller's organization: another
 * organization's assessment or candidate is a 404.
 */
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { type AuthGuard, actorOf } from '../accounts/index.ts';
import {
  CandidateDetailSchema,
  CandidateListQuerySchema,
  CandidateViewSchema,
  CsvJsonBodySchema,
  CsvQuerySchema,
  IdParamsSchema,
  InviteBodySchema,
  InviteResponseSchema,
  LinkResponseSchema,
  ResendBodySchema,
  RevokeBodySchema,
  StatusMoveBodySchema,
} from './candidates.schema.ts';
import { type CandidateService, createCandidateService, type InviteResult } from './candidates.service.ts';
import { parseCandidateCsv } from './csv.ts';

/** 201 when somebody was invited, 200 when every row was refused (the errors say why). */
function sendInviteResult(reply: FastifyReply, result: InviteResult) {
  return reply.status(result.invited.length > 0 ? 201 : 200).send({ success: true as const, ...result });
}

/** Registers the candidate routes; `mailer` sends invitations, `appUrl` starts every link. */
export function registerCandidateRoutes(
  app: HttpServer,
  options: {
    db: Database;
    guard: AuthGuard;
    mailer: Pick<Mailer, 'send'> & Partial<Pick<Mailer, 'devOutbox'>>;
    appUrl: string;
    logger?: Logger;
    now?: () => Date;
    /** Use this service instead of building one (tests). */
    service?: CandidateService;
  },
): void {
  const { guard } = options;
  const candidates =
    options.service ??
    createCandidateService({
      db: options.db,
      mailer: options.mailer,
      appUrl: options.appUrl,
      logger: options.logger ?? (app.log as Logger),
      ...(options.now ? { now: options.now } : {}),
    });
  const tags = ['candidates'];

  app.post(
    '/api/assessments/:id/candidates',
    {
      preHandler: guard.require('candidates:write'),
      schema: {
        tags,
        summary:
          'Invite one candidate ({email, name}) or up to 200 ({candidates: [...]}) to a published assessment; one credit each',
        params: IdParamsSchema,
        body: InviteBodySchema,
        response: { 200: InviteResponseSchema, 201: InviteResponseSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const single = !body.candidates;
      const list = body.candidates ?? [{ email: body.email ?? '', name: body.name ?? '' }];
      const result = await candidates.invite(actorOf(request), request.params.id, {
        candidates: list,
        deadline: body.deadline,
        message: body.message,
        sendEmail: body.sendEmail,
      });
      if (single && result.invited.length === 0) {
        throw new AppError('CONFLICT', result.errors[0]?.message ?? 'The candidate was not invited');
      }
      return sendInviteResult(reply, result);
    },
  );

  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Spreadsheets export text/csv; some tools say text/plain. Both arrive as one string.
    for (const type of ['text/csv', 'text/plain', 'application/csv']) {
      scope.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    }
    scope.post(
      '/api/assessments/:id/candidates/csv',
      {
        preHandler: guard.require('candidates:write'),
        schema: {
          tags,
          summary:
            'Invite the candidates of a CSV (columns name and email; text/csv body, or JSON {csv}); bad lines are reported and skipped',
          params: IdParamsSchema,
          querystring: CsvQuerySchema,
          body: z.union([z.string(), CsvJsonBodySchema]),
          response: { 200: InviteResponseSchema, 201: InviteResponseSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const options = typeof body === 'string' ? { ...request.query, csv: body } : body;
        const parsed = parseCandidateCsv(options.csv);
        const result = await candidates.invite(actorOf(request), request.params.id, {
          candidates: parsed.candidates,
          deadline: options.deadline,
          message: options.message,
          sendEmail: options.sendEmail,
          errors: parsed.errors,
        });
        result.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        return sendInviteResult(reply, result);
      },
    );
  });

  app.get(
    '/api/assessments/:id/candidates',
    {
      preHandler: guard.require('candidates:read'),
      schema: {
        tags,
        summary:
          "An assessment's candidates, newest first; filter by status (comma-separated) and name or email",
        params: IdParamsSchema,
        querystring: CandidateListQuerySchema,
        response: {
          200: z.object({
            success: z.literal(true),
            candidates: z.array(CandidateViewSchema),
            total: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const { status, search, limit, offset } = request.query;
      const page = await candidates.list(actorOf(request), request.params.id, {
        statuses: status,
        search,
        limit,
        offset,
      });
      return { success: true as const, ...page };
    },
  );

  app.get(
    '/api/candidates/:id',
    {
      preHandler: guard.require('candidates:read'),
      schema: {
        tags,
        summary: 'A candidate with the state of its link, its status history (who, when, why) and its emails',
        params: IdParamsSchema,
        response: { 200: z.object({ success: z.literal(true), candidate: CandidateDetailSchema }) },
      },
    },
    async (request) => ({
      success: true as const,
      candidate: await candidates.get(actorOf(request), request.params.id),
    }),
  );

  app.post(
    '/api/candidates/:id/resend',
    {
      preHandler: guard.require('candidates:write'),
      schema: {
        tags,
        summary:
          'Email the candidate a new link (the previous one stops working); an expired link gets a fresh 30 days unless a deadline is given',
        params: IdParamsSchema,
        body: ResendBodySchema,
        response: { 200: LinkResponseSchema },
      },
    },
    async (request) => {
      const result = await candidates.resend(actorOf(request), request.params.id, request.body ?? {});
      return {
        success: true as const,
        invitationLink: result.invitationLink,
        expiresAt: result.expiresAt.toISOString(),
        delivery: result.delivery,
      };
    },
  );

  app.get(
    '/api/candidates/:id/invite-link',
    {
      // It replaces the candidate's link, so it needs the right to change candidates.
      preHandler: guard.require('candidates:write'),
      schema: {
        tags,
        summary:
          'A fresh link to copy and send yourself; the previous link (also the emailed one) stops working',
        params: IdParamsSchema,
        response: { 200: LinkResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await candidates.inviteLink(actorOf(request), request.params.id);
      reply.header('cache-control', 'no-store');
      return {
        success: true as const,
        invitationLink: result.invitationLink,
        expiresAt: result.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/candidates/:id/revoke',
    {
      preHandler: guard.require('candidates:write'),
      schema: {
        tags,
        summary: "End the candidate's link; the credit is refunded if the candidate had not started",
        params: IdParamsSchema,
        body: RevokeBodySchema,
        response: {
          200: z.object({
            success: z.literal(true),
            refunded: z.boolean(),
            credits: z.object({ balance: z.number().int() }),
          }),
        },
      },
    },
    async (request) => {
      const result = await candidates.revoke(actorOf(request), request.params.id, request.body?.reason);
      return { success: true as const, refunded: result.refunded, credits: { balance: result.balance } };
    },
  );

  app.post(
    '/api/candidates/:id/status',
    {
      preHandler: guard.require('candidates:write'),
      schema: {
        tags,
        summary:
          'Move the candidate: ADVANCED, REJECTED or HIRED, with a reason; the move is recorded with who and when (409 when not allowed)',
        params: IdParamsSchema,
        body: StatusMoveBodySchema,
        response: { 200: z.object({ success: z.literal(true), candidate: CandidateDetailSchema }) },
      },
    },
    async (request) => ({
      success: true as const,
      candidate: await candidates.changeStatus(
        actorOf(request),
        request.params.id,
        request.body.status,
        request.body.reason,
      ),
    }),
  );
}
