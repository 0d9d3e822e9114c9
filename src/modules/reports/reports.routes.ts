/**
 * Report routes: a candidate's report as JSON, HTML and PDF for members of its organization, share
 * links (create, list, revoke), and the public read of a shared report by its token (JSON, HTML,
 * PDF) — 404 for an unknown token, 410 once it expired or was revoked. Reports are private data:
 * nothing here may be cached, and the HTML gets a policy that forbids every script and asset.
 */
import type { FastifyReply } from 'fastify';
import type { Database } from '../../platform/db/client.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { type AuthGuard, actorOf } from '../accounts/index.ts';
import {
  CreateShareBodySchema,
  CreateShareResponseSchema,
  DEFAULT_SHARE_HOURS,
  IdParamsSchema,
  type RenderableReport,
  ReportResponseSchema,
  SharedReportResponseSchema,
  ShareListResponseSchema,
  ShareParamsSchema,
  ShareResponseSchema,
  TokenParamsSchema,
} from './report.schema.ts';
import { createReportService, type ReportService } from './report.service.ts';
import { renderReportHtml } from './report-html.ts';
import { renderReportPdf } from './report-pdf.ts';

/**
 * The policy of a report page: inline styles and nothing else (no scripts, images, fonts, frames).
 * frame-ancestors, form-action and base-uri do not fall back to default-src: they are spelled out,
 * so a shared report cannot be framed (clickjacking) and injected markup could not post or rebase.
 */
export const REPORT_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

/** A file name safe in any Content-Disposition: ASCII letters, digits and dashes only. */
export function reportFileName(candidateName: string, extension: 'pdf' | 'html'): string {
  const slug = candidateName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `report-${slug || 'candidate'}.${extension}`;
}

function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

function sendHtml(reply: FastifyReply, report: RenderableReport) {
  noStore(reply);
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', REPORT_HTML_CSP)
    .header('content-disposition', `inline; filename="${reportFileName(report.candidate.name, 'html')}"`)
    .send(renderReportHtml(report));
}

async function sendPdf(reply: FastifyReply, report: RenderableReport) {
  noStore(reply);
  const bytes = await renderReportPdf(report);
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${reportFileName(report.candidate.name, 'pdf')}"`)
    .send(Buffer.from(bytes));
}

/** Registers the report and share-link routes; `appUrl` starts every share link. */
export function registerReportRoutes(
  app: HttpServer,
  options: {
    db: Database;
    guard: AuthGuard;
    appUrl: string;
    now?: () => Date;
    /** Use this service instead of building one (tests). */
    service?: ReportService;
  },
): void {
  const { guard } = options;
  const reports =
    options.service ??
    createReportService({
      db: options.db,
      appUrl: options.appUrl,
      ...(options.now ? { now: options.now } : {}),
    });
  const tags = ['reports'];

  app.get(
    '/api/candidates/:id/report',
    {
      preHandler: guard.require('candidates:read'),
      schema: {
        tags,
        summary:
          "A candidate's report: candidate, assessment, questions with hidden-test results, and the latest completed evaluation (status tells when there is none yet)",
        params: IdParamsSchema,
        response: { 200: ReportResponseSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return { success: true as const, report: await reports.get(actorOf(request), request.params.id) };
    },
  );

  app.get(
    '/api/candidates/:id/report/html',
    {
      preHandler: guard.require('candidates:read'),
      schema: {
        tags,
        summary: "A candidate's report as a self-contained HTML page (no scripts, no external assets)",
        params: IdParamsSchema,
      },
    },
    async (request, reply) => sendHtml(reply, await reports.get(actorOf(request), request.params.id)),
  );

  app.get(
    '/api/candidates/:id/report/pdf',
    {
      preHandler: guard.require('candidates:read'),
      schema: { tags, summary: "A candidate's report as a PDF download", params: IdParamsSchema },
    },
    async (request, reply) => sendPdf(reply, await reports.get(actorOf(request), request.params.id)),
  );

  app.post(
    '/api/candidates/:id/report/share',
    {
      preHandler: guard.require('candidates:write'),
      schema: {
        tags,
        summary: `A read-only link to the report for people outside the organization (without the candidate's email), valid expiresInHours (1 to 720, default ${DEFAULT_SHARE_HOURS}); the token is shown once`,
        params: IdParamsSchema,
        body: CreateShareBodySchema,
        response: { 201: CreateShareResponseSchema },
      },
    },
    async (request, reply) => {
      const created = await reports.createShare(actorOf(request), request.params.id, {
        expiresInHours: request.body?.expiresInHours ?? DEFAULT_SHARE_HOURS,
      });
      noStore(reply);
      return reply.status(201).send({
        success: true as const,
        id: created.id,
        url: created.url,
        token: created.token,
        expiresAt: created.expiresAt.toISOString(),
      });
    },
  );

  app.get(
    '/api/candidates/:id/report/shares',
    {
      preHandler: guard.require('candidates:read'),
      schema: {
        tags,
        summary: "The report's share links, newest first: state, expiry, accesses (never the tokens)",
        params: IdParamsSchema,
        response: { 200: ShareListResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      shares: await reports.listShares(actorOf(request), request.params.id),
    }),
  );

  app.delete(
    '/api/candidates/:id/report/shares/:shareId',
    {
      preHandler: guard.require('candidates:write'),
      schema: {
        tags,
        summary: 'Revoke a share link at once (its readers get 410 from now on)',
        params: ShareParamsSchema,
        response: { 200: ShareResponseSchema },
      },
    },
    async (request) => ({
      success: true as const,
      share: await reports.revokeShare(actorOf(request), request.params.id, request.params.shareId),
    }),
  );

  // Public: the token is the credential. Not indexed, not cached, not sent on as a referrer.
  const publicHeaders = (reply: FastifyReply) => {
    noStore(reply);
    reply.header('x-robots-tag', 'noindex, nofollow');
    reply.header('referrer-policy', 'no-referrer');
  };

  app.get(
    '/api/reports/shared/:token',
    {
      schema: {
        tags,
        summary: 'A shared report (no sign-in: the link is the key); 404 unknown, 410 expired or revoked',
        params: TokenParamsSchema,
        response: { 200: SharedReportResponseSchema },
      },
    },
    async (request, reply) => {
      publicHeaders(reply);
      const shared = await reports.openShared(request.params.token);
      return {
        success: true as const,
        report: shared.report,
        share: { expiresAt: shared.expiresAt.toISOString() },
      };
    },
  );

  app.get(
    '/api/reports/shared/:token/html',
    {
      schema: { tags, summary: 'A shared report as an HTML page', params: TokenParamsSchema },
    },
    async (request, reply) => {
      publicHeaders(reply);
      return sendHtml(reply, (await reports.openShared(request.params.token)).report);
    },
  );

  app.get(
    '/api/reports/shared/:token/pdf',
    {
      schema: { tags, summary: 'A shared report as a PDF download', params: TokenParamsSchema },
    },
    async (request, reply) => {
      publicHeaders(reply);
      return sendPdf(reply, (await reports.openShared(request.params.token)).report);
    },
  );
}
