/**
 * Credits: one credit per invited candidate, refunded when the invitation is revoked before the
 * candidate starts; grants by operators; the balance and the ledger. Charging happens inside the
 * caller's transaction (the invitation and its credit commit together, or neither does).
 */
import type { Database } from '../../platform/db/client.ts';
import type { CreditLedgerEntry } from '../../platform/db/schema/index.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import {
  applyCreditChange,
  candidateDeductions,
  creditBalance,
  deductCredits,
  findCreditPackage,
  findLedgerEntry,
  findOrganization,
  type LedgerActor,
  listCreditPackages,
  listLedger,
} from './credits.repository.ts';

/** The 402 message when an organization has no credit left. */
export const NO_CREDITS_MESSAGE =
  'No credits left: buy a credit pack in Settings → Billing, or ask the platform operator';

/** The error thrown when a charge exceeds the balance; names what is needed and what is left. */
export function paymentRequired(needed: number, balance: number): AppError {
  if (balance <= 0) return new AppError('PAYMENT_REQUIRED', NO_CREDITS_MESSAGE);
  return new AppError(
    'PAYMENT_REQUIRED',
    `Not enough credits: this needs ${needed} and ${balance} ${balance === 1 ? 'is' : 'are'} left. ` +
      'Buy a credit pack in Settings → Billing, or ask the platform operator',
  );
}

/**
 * Charges one credit per candidate, inside the caller's transaction; throws 402 (and charges
 * nothing) when the balance does not cover all of them. A candidate charged before (an invitation
 * revoked and then renewed) gets the next charge number, so each charge can be refunded once.
 */
export async function chargeForInvitations(
  tx: Database,
  input: { organizationId: string; assessmentId: string; candidateIds: string[]; actor: LedgerActor },
): Promise<{ balance: number }> {
  const earlier = await candidateDeductions(tx, input.organizationId, input.candidateIds);
  const result = await deductCredits(tx, {
    organizationId: input.organizationId,
    actor: input.actor,
    items: input.candidateIds.map((candidateId) => ({
      reference: `candidate:${candidateId}:${(earlier.get(candidateId)?.length ?? 0) + 1}`,
      reason: 'Candidate invited',
      metadata: { candidateId, assessmentId: input.assessmentId },
    })),
  });
  if (result.status === 'insufficient') throw paymentRequired(input.candidateIds.length, result.balance);
  return { balance: result.balance };
}

/**
 * Gives back the credit of a candidate's latest charge, once, inside the caller's transaction.
 * The caller decides whether a refund is due (the candidate has not started).
 */
export async function refundInvitation(
  tx: Database,
  input: { organizationId: string; candidateId: string; actor: LedgerActor; reason?: string | undefined },
): Promise<{ refunded: boolean; balance: number | undefined }> {
  const charges = (await candidateDeductions(tx, input.organizationId, [input.candidateId])).get(
    input.candidateId,
  );
  const reference = charges?.at(-1);
  if (!reference || (await findLedgerEntry(tx, input.organizationId, 'refund', reference))) {
    return { refunded: false, balance: await creditBalance(tx, input.organizationId) };
  }
  const result = await applyCreditChange(tx, {
    organizationId: input.organizationId,
    kind: 'refund',
    amount: 1,
    reason: input.reason
      ? `Invitation revoked: ${input.reason}`.slice(0, 500)
      : 'Invitation revoked before start',
    reference,
    actor: input.actor,
    metadata: { candidateId: input.candidateId },
  });
  if (result.status === 'applied') return { refunded: true, balance: result.balance };
  return { refunded: false, balance: await creditBalance(tx, input.organizationId) };
}

/** A ledger entry as the API shows it. */
export function ledgerView(entry: CreditLedgerEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    amount: entry.amount,
    balanceAfter: entry.balanceAfter,
    reason: entry.reason,
    reference: entry.reference,
    actorKind: entry.actorKind,
    actorUserId: entry.actorUserId,
    candidateId: entry.metadata.candidateId ?? null,
    createdAt: entry.createdAt.toISOString(),
  };
}
export type LedgerView = ReturnType<typeof ledgerView>;

/** Use cases around an organization's credits. */
export interface CreditsService {
  /** Adds (or, negative, takes away) credits: an operator's adjustment. `reference` makes it idempotent. */
  grant(input: {
    organization: string;
    amount: number;
    reason?: string | undefined;
    reference?: string | undefined;
    actor: LedgerActor;
  }): Promise<{
    organization: { id: string; slug: string; name: string };
    balance: number;
    applied: boolean;
  }>;
  /** The balance and the newest ledger entries. */
  ledger(
    organizationId: string,
    options: { limit: number; offset: number },
  ): Promise<{ balance: number; total: number; entries: LedgerView[] }>;
  /** Credit packs on sale. */
  packages(): ReturnType<typeof listCreditPackages>;
  /** What the browser's Paddle checkout needs to buy `packageId` for the organization. */
  checkout(
    organizationId: string,
    packageId: string,
  ): Promise<{ priceId: string; customData: { organization_id: string } }>;
}

export function createCreditsService(options: { db: Database }): CreditsService {
  const { db } = options;
  return {
    async grant(input) {
      if (!Number.isInteger(input.amount) || input.amount === 0) {
        throw new ValidationError('The amount must be a whole number other than 0', [
          { path: 'amount', message: 'a whole number other than 0' },
        ]);
      }
      const organization = await findOrganization(db, input.organization);
      if (!organization) throw new NotFoundError(`Organization "${input.organization}"`);
      const result = await applyCreditChange(db, {
        organizationId: organization.id,
        kind: 'adjustment',
        amount: input.amount,
        reason:
          input.reason?.trim() ||
          (input.amount > 0 ? 'Credits granted by an operator' : 'Credits removed by an operator'),
        reference: input.reference,
        actor: input.actor,
        metadata: {},
      });
      const summary = { id: organization.id, slug: organization.slug, name: organization.name };
      if (result.status === 'insufficient') {
        throw new AppError(
          'CONFLICT',
          `Cannot take ${-input.amount} credits: the organization has ${result.balance}`,
        );
      }
      if (result.status === 'no_organization')
        throw new NotFoundError(`Organization "${input.organization}"`);
      if (result.status === 'duplicate') {
        return {
          organization: summary,
          balance: (await creditBalance(db, organization.id)) ?? 0,
          applied: false,
        };
      }
      return { organization: summary, balance: result.balance, applied: true };
    },
    async ledger(organizationId, options) {
      const [balance, page] = await Promise.all([
        creditBalance(db, organizationId),
        listLedger(db, organizationId, options),
      ]);
      if (balance === undefined) throw new NotFoundError('Organization');
      return { balance, total: page.total, entries: page.entries.map(ledgerView) };
    },
    packages: () => listCreditPackages(db),
    async checkout(organizationId, packageId) {
      const pack = await findCreditPackage(db, packageId);
      if (!pack?.active) throw new NotFoundError('Credit pack');
      if (!pack.paddlePriceId) {
        throw new AppError('CONFLICT', 'This credit pack cannot be bought online; ask the platform operator');
      }
      return { priceId: pack.paddlePriceId, customData: { organization_id: organizationId } };
    },
  };
}
