/** Billing: credits per organization (ledger, charges, refunds, grants) and the Paddle Billing webhook. */
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
export { registerPaddleWebhookRoutes } from './paddle-webhook.routes.ts';
export {
  createPaddleWebhookService,
  type PaddleWebhookResult,
  type PaddleWebhookService,
} from './paddle-webhook.service.ts';
