/** GET /api/audit: the organization's audit log, newest first (OWNER and ADMIN). */
import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import { auditLogs } from '../../platform/db/schema/index.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { type AuthGuard, actorOf } from './auth-guard.routes.ts';

export function registerAuditRoutes(app: HttpServer, options: { db: Database; guard: AuthGuard }): void {
  app.get(
    '/api/audit',
    {
      preHandler: options.guard.require('audit:read'),
      schema: {
        tags: ['accounts'],
        summary: "The organization's audit log, newest first; page with `before` (an entry's createdAt)",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z.iso.datetime({ offset: true }).optional(),
          action: z.string().max(80).optional(),
        }),
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const { limit, before, action } = request.query;
      const entries = await options.db
        .select({
          id: auditLogs.id,
          action: auditLogs.action,
          actorKind: auditLogs.actorKind,
          actorUserId: auditLogs.actorUserId,
          actorApiKeyId: auditLogs.actorApiKeyId,
          targetType: auditLogs.targetType,
          targetId: auditLogs.targetId,
          data: auditLogs.data,
          ip: auditLogs.ip,
          createdAt: auditLogs.createdAt,
        })
        .from(auditLogs)
        .where(
          and(
            eq(auditLogs.organizationId, organizationId),
            before ? lt(auditLogs.createdAt, new Date(before)) : undefined,
            action ? eq(auditLogs.action, action) : undefined,
          ),
        )
        .orderBy(desc(auditLogs.createdAt))
        .limit(limit);
      return { success: true, entries };
    },
  );
}
