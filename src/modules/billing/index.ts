/**
 * Billing: credits per organization (ledger, charges, refunds, grants), the Paddle Billing webhook,
 * and Paddle.js checkout settings (client-side token, environment, the CSP sources it needs).
 */
export {
  applyCreditChange,
  type CreditChange,
  type CreditChangeResult,
  creditBalance,
  findOrganization,
  insertCreditPackage,
  type LedgerActor,
  listCreditPackages,
} from './credits.repository.ts';
export { registerCreditRoutes } from './credits.routes.ts';
export {
  type CreditsService,
  chargeForInvitations,
  createCreditsService,
  type LedgerView,
  ledgerView,
  NO_CREDITS_MESSAGE,
  paymentRequired,
  refundInvitation,
} from './credits.service.ts';
export {
  PADDLE_SIGNATURE_TOLERANCE_SECONDS,
  type PaddleSignatureCheck,
  signPaddleBody,
  verifyPaddleSignature,
} from './paddle.ts';
export {
  type PaddleCheckoutSettings,
  PaddleClientTokenSchema,
  type PaddleCspSources,
  type PaddleEnvironment,
  paddleCheckoutSettings,
  paddleCspSources,
} from './paddle-checkout.ts';
export { registerPaddleWebhookRoutes } from './paddle-webhook.routes.ts';
export {
  createPaddleWebhookService,
  type PaddleWebhookResult,
  type PaddleWebhookService,
} from './paddle-webhook.service.ts';
