/**
 * POST /api/webhooks/paddle: Paddle Billing notifications. Unauthenticated by design — the
 * `Paddle-Signature` HMAC over the exact bytes received is the authentication, so this route reads
 * its body as a string (its own content-type parser, in its own plugin scope) and verifies before
 * parsing. Answers 200 once an event is applied or recognised as already applied.
 */
import type { Database } from '../../platform/db/client.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import type { Logger } from '../../platform/logger.ts';
import { createPaddleWebhookService } from './paddle-webhook.service.ts';

/** Registers the Paddle webhook; `secret` is PADDLE_WEBHOOK_SECRET (unset = every call refused with 503). */
export function registerPaddleWebhookRoutes(
  app: HttpServer,
  options: { db: Database; secret: string | undefined; logger?: Logger; now?: () => Date },
): void {
  const service = createPaddleWebhookService({
    db: options.db,
    secret: options.secret,
    logger: options.logger ?? (app.log as Logger),
    ...(options.now ? { now: options.now } : {}),
  });
  app.register(async (scope) => {
    // The signature covers the raw bytes: keep them as they came, whatever the content type says.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/webhooks/paddle',
      {
        schema: {
          tags: ['billing'],
          summary: 'Paddle Billing notifications (signed with Paddle-Signature; idempotent by event id)',
        },
      },
      async (request) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const header = request.headers['paddle-signature'];
        const result = await service.handle(raw, Array.isArray(header) ? header[0] : header);
        return { success: true, ...result };
      },
    );
  });
}
