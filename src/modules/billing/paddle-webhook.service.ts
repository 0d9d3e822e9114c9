/**
 * Handles a Paddle Billing notification: verify the signature first (no secret configured = refuse),
 * then, in one transaction, record the event once by its id and apply it. `transaction.completed`
 * adds the credits of the purchased price as configured in `credit_packages` (never an amount from
 * the request); approved refunds, credits and chargebacks (`adjustment.*`) take them back, as far
 * as the balance allows. An event that cannot be applied yet (unknown price or organization) is
 * recorded as failed and answered 503, so Paddle redelivers it once an operator has fixed the setup.
 */
import type { Database } from '../../platform/db/client.ts';
import type { JsonObject } from '../../platform/db/schema/types.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  applyCreditChange,
  claimWebhookEvent,
  creditBalance,
  creditPackagesByPriceIds,
  findPaddlePurchase,
  finishWebhookEvent,
  paddleTransactionEntries,
} from './credits.repository.ts';
import {
  creditReducingActions,
  creditsToTakeBack,
  organizationOfTransaction,
  PaddleAdjustmentSchema,
  type PaddleEvent,
  PaddleEventSchema,
  PaddleTransactionSchema,
  purchaseLines,
  verifyPaddleSignature,
} from './paddle.ts';

const PROVIDER = 'paddle';

/** What became of a delivered notification. */
export interface PaddleWebhookResult {
  eventId: string;
  status: 'processed' | 'ignored' | 'duplicate';
  /** Credits added (positive) or taken back (negative) by this delivery. */
  credits: number;
  detail: string;
}

/** Outcome of applying one event inside the transaction. */
type Applied =
  | { status: 'processed' | 'ignored'; credits: number; detail: string }
  | { status: 'failed'; detail: string };

export interface PaddleWebhookService {
  /** Verifies and applies one delivery; throws 503 (no secret / cannot apply yet), 401 (signature), 400 (body). */
  handle(rawBody: string, signatureHeader: string | undefined): Promise<PaddleWebhookResult>;
}

export function createPaddleWebhookService(options: {
  db: Database;
  /** PADDLE_WEBHOOK_SECRET; without it every call is refused. */
  secret: string | undefined;
  logger: Logger;
  now?: () => Date;
}): PaddleWebhookService {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'paddle-webhook' });

  async function applyTransactionCompleted(tx: Database, event: PaddleEvent): Promise<Applied> {
    const parsed = PaddleTransactionSchema.safeParse(event.data);
    if (!parsed.success) return { status: 'ignored', credits: 0, detail: 'not a transaction with items' };
    const transaction = parsed.data;
    const organizationId = organizationOfTransaction(transaction);
    if (!organizationId) {
      return { status: 'failed', detail: `transaction ${transaction.id} has no custom_data.organization_id` };
    }
    const lines = purchaseLines(transaction);
    const packages = await creditPackagesByPriceIds(
      tx,
      lines.map((line) => line.priceId),
    );
    const byPrice = new Map(packages.map((pack) => [pack.paddlePriceId, pack]));
    const unknown = lines.filter((line) => !byPrice.has(line.priceId)).map((line) => line.priceId);
    if (unknown.length > 0) {
      return {
        status: 'failed',
        detail: `no credit pack is configured for Paddle price ${unknown.join(', ')}`,
      };
    }
    const credits = lines.reduce(
      (sum, line) => sum + (byPrice.get(line.priceId)?.credits ?? 0) * line.quantity,
      0,
    );
    if (credits <= 0) return { status: 'ignored', credits: 0, detail: 'the transaction bought no credits' };
    const totals = transaction.details?.totals;
    const first = packages[0];
    const result = await applyCreditChange(tx, {
      organizationId,
      kind: 'purchase',
      amount: credits,
      reason: `Paddle purchase: ${lines.map((line) => `${line.quantity} × ${byPrice.get(line.priceId)?.name}`).join(', ')}`,
      reference: `paddle:${transaction.id}`,
      actor: { kind: 'system' },
      metadata: {
        paddleTransactionId: transaction.id,
        ...(lines.length === 1 && first
          ? { paddlePriceId: first.paddlePriceId ?? undefined, creditPackageId: first.id }
          : {}),
        ...(totals?.grand_total ? { amountPaid: totals.grand_total } : {}),
        ...((totals?.currency_code ?? transaction.currency_code)
          ? { currency: totals?.currency_code ?? transaction.currency_code }
          : {}),
      },
    });
    if (result.status === 'no_organization') {
      return { status: 'failed', detail: `organization ${organizationId} does not exist` };
    }
    if (result.status === 'duplicate') {
      return { status: 'ignored', credits: 0, detail: `transaction ${transaction.id} was already credited` };
    }
    if (result.status === 'insufficient') throw new Error('a purchase cannot be insufficient');
    return {
      status: 'processed',
      credits,
      detail: `${credits} credits added to organization ${organizationId}`,
    };
  }

  async function applyAdjustment(tx: Database, event: PaddleEvent): Promise<Applied> {
    const parsed = PaddleAdjustmentSchema.safeParse(event.data);
    if (!parsed.success) return { status: 'ignored', credits: 0, detail: 'not an adjustment' };
    const adjustment = parsed.data;
    if (!creditReducingActions.has(adjustment.action) || adjustment.status !== 'approved') {
      return {
        status: 'ignored',
        credits: 0,
        detail: `adjustment ${adjustment.action} is ${adjustment.status}: nothing to take back`,
      };
    }
    const purchase = await findPaddlePurchase(tx, adjustment.transaction_id);
    if (!purchase) {
      return {
        status: 'ignored',
        credits: 0,
        detail: `no credits were bought with transaction ${adjustment.transaction_id}`,
      };
    }
    const entries = await paddleTransactionEntries(tx, purchase.organizationId, adjustment.transaction_id);
    const alreadyTakenBack = entries
      .filter((entry) => entry.kind === 'adjustment' && entry.amount < 0)
      .reduce((sum, entry) => sum - entry.amount, 0);
    const wanted = creditsToTakeBack({
      purchasedCredits: purchase.amount,
      alreadyTakenBack,
      paidMinorUnits: purchase.metadata.amountPaid,
      adjustment,
    });
    if (wanted <= 0) return { status: 'ignored', credits: 0, detail: 'the purchase was already taken back' };
    // Credits already spent on candidates cannot be taken back; take what is left and say so.
    const balance = await creditBalance(tx, purchase.organizationId);
    const amount = Math.min(wanted, balance ?? 0);
    if (amount <= 0) {
      return {
        status: 'processed',
        credits: 0,
        detail: `${wanted} credits should be taken back but the balance is 0 (already spent)`,
      };
    }
    const result = await applyCreditChange(tx, {
      organizationId: purchase.organizationId,
      kind: 'adjustment',
      amount: -amount,
      reason: `Paddle ${adjustment.action} of transaction ${adjustment.transaction_id}${amount < wanted ? ` (${wanted - amount} already spent)` : ''}`,
      reference: `paddle-adjustment:${adjustment.id}`,
      actor: { kind: 'system' },
      metadata: {
        paddleTransactionId: adjustment.transaction_id,
        ...(adjustment.totals?.total ? { amountPaid: `-${adjustment.totals.total.replace(/^-/, '')}` } : {}),
        note: `adjustment ${adjustment.id}`,
      },
    });
    if (result.status === 'duplicate') {
      return { status: 'ignored', credits: 0, detail: `adjustment ${adjustment.id} was already applied` };
    }
    if (result.status !== 'applied') {
      return { status: 'failed', detail: `could not take back credits: ${result.status}` };
    }
    return { status: 'processed', credits: -amount, detail: `${amount} credits taken back` };
  }

  function verify(rawBody: string, signatureHeader: string | undefined): void {
    if (!options.secret) {
      throw new AppError(
        'UNAVAILABLE',
        'Paddle webhooks are not configured on this server (PADDLE_WEBHOOK_SECRET is not set)',
      );
    }
    const check = verifyPaddleSignature(signatureHeader, rawBody, options.secret, now().getTime());
    if (!check.ok) {
      log.warn({ reason: check.reason }, 'Paddle webhook refused');
      throw new AppError('UNAUTHORIZED', check.reason);
    }
  }

  return {
    async handle(rawBody, signatureHeader) {
      verify(rawBody, signatureHeader);
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new AppError('BAD_REQUEST', 'The body is not valid JSON');
      }
      const parsed = PaddleEventSchema.safeParse(json);
      if (!parsed.success) throw new AppError('BAD_REQUEST', 'The body is not a Paddle notification');
      const event = parsed.data;
      const outcome = await db.transaction(async (tx) => {
        const claim = await claimWebhookEvent(tx, {
          provider: PROVIDER,
          eventId: event.event_id,
          type: event.event_type,
          payload: json as JsonObject,
        });
        if (claim.outcome === 'duplicate') {
          return { status: 'duplicate' as const, credits: 0, detail: `event already ${claim.status}` };
        }
        let applied: Applied;
        if (event.event_type === 'transaction.completed')
          applied = await applyTransactionCompleted(tx, event);
        else if (event.event_type === 'adjustment.created' || event.event_type === 'adjustment.updated')
          applied = await applyAdjustment(tx, event);
        else applied = { status: 'ignored', credits: 0, detail: `${event.event_type} needs no action` };
        await finishWebhookEvent(
          tx,
          claim.id,
          applied.status,
          applied.status === 'failed' ? applied.detail : null,
        );
        return applied;
      });
      if (outcome.status === 'failed') {
        log.error(
          { eventId: event.event_id, type: event.event_type, problem: outcome.detail },
          'Paddle event not applied',
        );
        throw new AppError(
          'UNAVAILABLE',
          `This event cannot be applied yet (${outcome.detail}); it is recorded and will be applied when Paddle redelivers it`,
        );
      }
      log.info(
        { eventId: event.event_id, type: event.event_type, status: outcome.status, credits: outcome.credits },
        'Paddle event handled',
      );
      return { eventId: event.event_id, ...outcome };
    },
  };
}
