/**
 * GET /api/admin/outbox: outgoing email, newest first, for operators — without SMTP this is where
 * invitations and reset links land (the development outbox), with SMTP it shows what was sent or
 * is failing.
 */
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import { outboundEmails } from '../../platform/db/schema/index.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { type OperatorAccess, requireOperator } from './operator-auth.routes.ts';

export function registerOutboxRoutes(
  app: HttpServer,
  options: { db: Database; operatorToken: OperatorAccess },
): void {
  app.get(
    '/api/admin/outbox',
    {
      preHandler: requireOperator(options.operatorToken),
      schema: {
        tags: ['operations'],
        summary: 'Outgoing email, newest first (the development outbox when SMTP is not configured)',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          to: z.string().max(254).optional(),
        }),
      },
    },
    async (request) => {
      const { limit, to } = request.query;
      const messages = await options.db
        .select({
          id: outboundEmails.id,
          organizationId: outboundEmails.organizationId,
          to: outboundEmails.toAddress,
          subject: outboundEmails.subject,
          text: outboundEmails.textBody,
          template: outboundEmails.template,
          status: outboundEmails.status,
          attempts: outboundEmails.attempts,
          lastError: outboundEmails.lastError,
          sentAt: outboundEmails.sentAt,
          createdAt: outboundEmails.createdAt,
        })
        .from(outboundEmails)
        .where(to ? eq(outboundEmails.toAddress, to.toLowerCase()) : undefined)
        .orderBy(desc(outboundEmails.createdAt))
        .limit(limit);
      return { success: true, messages };
    },
  );
}
