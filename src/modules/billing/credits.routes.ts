/**
 * Credits for members: GET /api/credits (balance and ledger), GET /api/credits/packages (the packs
 * on sale, and the Paddle.js settings when online checkout is configured) and POST
 * /api/credits/checkout (what the browser's Paddle checkout needs to buy one).
 */
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { type AuthGuard, actorOf } from '../accounts/index.ts';
import { createCreditsService } from './credits.service.ts';
import { type PaddleCheckoutSettings, paddleEnvironments } from './paddle-checkout.ts';

const LedgerEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['purchase', 'deduction', 'refund', 'adjustment']),
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  reason: z.string(),
  reference: z.string().nullable(),
  actorKind: z.string(),
  actorUserId: z.string().nullable(),
  candidateId: z.string().nullable(),
  createdAt: z.string(),
});

const PackageSchema = z.object({
  id: z.string(),
  name: z.string(),
  credits: z.number().int(),
  priceCents: z.number().int().nullable(),
  currency: z.string().nullable(),
  purchasable: z.boolean(),
});

/** How the browser opens a checkout: Paddle.js with a client-side token (public by design). */
const CheckoutSettingsSchema = z.object({
  provider: z.literal('paddle'),
  environment: z.enum(paddleEnvironments),
  clientToken: z.string(),
});

/** Registers the credit routes (credits:read, credits:purchase). */
export function registerCreditRoutes(
  app: HttpServer,
  options: {
    db: Database;
    guard: AuthGuard;
    /** Paddle.js settings; undefined = no online checkout (operators grant credits instead). */
    paddleCheckout?: PaddleCheckoutSettings | undefined;
  },
): void {
  const credits = createCreditsService({ db: options.db });
  const checkoutSettings = options.paddleCheckout
    ? {
        provider: 'paddle' as const,
        environment: options.paddleCheckout.environment,
        clientToken: options.paddleCheckout.clientToken,
      }
    : null;

  app.get(
    '/api/credits',
    {
      preHandler: options.guard.require('credits:read'),
      schema: {
        tags: ['billing'],
        summary: "The organization's credit balance and ledger, newest first",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: {
          200: z.object({
            success: z.literal(true),
            balance: z.number().int(),
            total: z.number().int(),
            entries: z.array(LedgerEntrySchema),
          }),
        },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const ledger = await credits.ledger(organizationId, request.query);
      return { success: true as const, ...ledger };
    },
  );

  app.get(
    '/api/credits/packages',
    {
      preHandler: options.guard.require('credits:read'),
      schema: {
        tags: ['billing'],
        summary:
          'Credit packs on sale, and how the browser opens a checkout (null when online payment is not configured)',
        response: {
          200: z.object({
            success: z.literal(true),
            packages: z.array(PackageSchema),
            checkout: CheckoutSettingsSchema.nullable(),
          }),
        },
      },
    },
    async () => {
      const packs = await credits.packages();
      return {
        success: true as const,
        packages: packs.map((pack) => ({
          id: pack.id,
          name: pack.name,
          credits: pack.credits,
          priceCents: pack.priceCents,
          currency: pack.currency,
          purchasable: Boolean(pack.paddlePriceId),
        })),
        checkout: checkoutSettings,
      };
    },
  );

  app.post(
    '/api/credits/checkout',
    {
      preHandler: options.guard.require('credits:purchase'),
      schema: {
        tags: ['billing'],
        summary:
          'What Paddle.js needs to open a checkout for a credit pack: the price id and the custom data that ties the payment to this organization',
        body: z.object({ packageId: z.uuid() }),
        response: {
          200: z.object({
            success: z.literal(true),
            checkout: z.object({
              items: z.array(z.object({ priceId: z.string(), quantity: z.number().int() })),
              customData: z.object({ organization_id: z.string() }),
            }),
          }),
        },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const checkout = await credits.checkout(organizationId, request.body.packageId);
      return {
        success: true as const,
        checkout: { items: [{ priceId: checkout.priceId, quantity: 1 }], customData: checkout.customData },
      };
    },
  );
}
