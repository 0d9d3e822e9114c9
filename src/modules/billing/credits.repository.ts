/**
 * Credits in the database: the balance on `organizations.credit_balance` and the append-only
 * `credit_ledger_entries`, always changed together. A decrease is one conditional UPDATE
 * (`WHERE credit_balance + amount >= 0`), so two concurrent spends of the last credit cannot both
 * succeed; a ledger reference is unique per organization and kind, so a repeated grant, charge or
 * Paddle transaction is recorded once. Also credit packages and inbound webhook events.
 */
import { and, asc, count, desc, eq, inArray, like, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import type { ActorKind, CreditLedgerKind, WebhookEventStatus } from '../../platform/db/schema/enums.ts';
import {
  type CreditLedgerEntry,
  type CreditPackage,
  creditLedgerEntries,
  creditPackages,
  type NewCreditPackage,
  organizations,
  webhookEvents,
} from '../../platform/db/schema/index.ts';
import type { CreditLedgerMetadata, JsonObject } from '../../platform/db/schema/types.ts';

/** Who changed the credits, as the ledger records it. */
export interface LedgerActor {
  kind: ActorKind;
  userId?: string | null | undefined;
}

/** One change of an organization's credits. */
export interface CreditChange {
  organizationId: string;
  kind: CreditLedgerKind;
  /** Positive adds, negative takes away; the sign must suit the kind (CHECK). */
  amount: number;
  reason: string;
  /** Makes the change idempotent: a second change with the same kind and reference is not applied. */
  reference?: string | undefined;
  actor: LedgerActor;
  metadata?: CreditLedgerMetadata | undefined;
}

/** What became of a credit change. */
export type CreditChangeResult =
  | { status: 'applied'; entry: CreditLedgerEntry; balance: number }
  | { status: 'duplicate'; entry: CreditLedgerEntry }
  | { status: 'insufficient'; balance: number }
  | { status: 'no_organization' };

class DuplicateReference extends Error {}

/** The ledger entry of `kind` with `reference` in the organization, if any. */
export async function findLedgerEntry(
  db: Database,
  organizationId: string,
  kind: CreditLedgerKind,
  reference: string,
): Promise<CreditLedgerEntry | undefined> {
  const [row] = await db
    .select()
    .from(creditLedgerEntries)
    .where(
      and(
        eq(creditLedgerEntries.organizationId, organizationId),
        eq(creditLedgerEntries.kind, kind),
        eq(creditLedgerEntries.reference, reference),
      ),
    );
  return row;
}

/**
 * Applies one change: the balance and its ledger entry, in one transaction (a savepoint when `db`
 * is already a transaction). A decrease that would go below zero changes nothing.
 */
export async function applyCreditChange(db: Database, change: CreditChange): Promise<CreditChangeResult> {
  if (change.reference) {
    const existing = await findLedgerEntry(db, change.organizationId, change.kind, change.reference);
    if (existing) return { status: 'duplicate', entry: existing };
  }
  try {
    return await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(organizations)
        .set({ creditBalance: sql`${organizations.creditBalance} + ${change.amount}`, updatedAt: new Date() })
        .where(
          and(
            eq(organizations.id, change.organizationId),
            sql`${organizations.creditBalance} + ${change.amount} >= 0`,
          ),
        )
        .returning({ balance: organizations.creditBalance });
      if (!updated) {
        const balance = await creditBalance(tx, change.organizationId);
        return balance === undefined
          ? ({ status: 'no_organization' } as const)
          : ({ status: 'insufficient', balance } as const);
      }
      const [entry] = await tx
        .insert(creditLedgerEntries)
        .values({
          organizationId: change.organizationId,
          kind: change.kind,
          amount: change.amount,
          balanceAfter: updated.balance,
          reason: change.reason,
          reference: change.reference ?? null,
          actorKind: change.actor.kind,
          actorUserId: change.actor.userId ?? null,
          metadata: change.metadata ?? {},
        })
        .onConflictDoNothing()
        .returning();
      // A concurrent change with the same reference won the race: undo our balance update.
      if (!entry) throw new DuplicateReference();
      return { status: 'applied', entry, balance: updated.balance } as const;
    });
  } catch (error) {
    if (!(error instanceof DuplicateReference) || !change.reference) throw error;
    const entry = await findLedgerEntry(db, change.organizationId, change.kind, change.reference);
    if (!entry) throw error;
    return { status: 'duplicate', entry };
  }
}

/**
 * Charges one credit per item in one conditional UPDATE and one multi-row ledger insert (bulk
 * invitations of up to 200 candidates). All or nothing: `insufficient` changes nothing. Run it
 * inside the transaction that creates what is paid for.
 */
export async function deductCredits(
  db: Database,
  input: {
    organizationId: string;
    items: Array<{ reference: string; reason: string; metadata: CreditLedgerMetadata }>;
    actor: LedgerActor;
  },
): Promise<{ status: 'applied'; balance: number } | { status: 'insufficient'; balance: number }> {
  const count = input.items.length;
  if (count === 0)
    return { status: 'applied', balance: (await creditBalance(db, input.organizationId)) ?? 0 };
  const [updated] = await db
    .update(organizations)
    .set({ creditBalance: sql`${organizations.creditBalance} - ${count}`, updatedAt: new Date() })
    .where(and(eq(organizations.id, input.organizationId), sql`${organizations.creditBalance} >= ${count}`))
    .returning({ balance: organizations.creditBalance });
  if (!updated)
    return { status: 'insufficient', balance: (await creditBalance(db, input.organizationId)) ?? 0 };
  // Entries in order, each with the balance right after it: the last one ends at the new balance.
  await db.insert(creditLedgerEntries).values(
    input.items.map((item, index) => ({
      organizationId: input.organizationId,
      kind: 'deduction' as const,
      amount: -1,
      balanceAfter: updated.balance + (count - 1 - index),
      reason: item.reason,
      reference: item.reference,
      actorKind: input.actor.kind,
      actorUserId: input.actor.userId ?? null,
      metadata: item.metadata,
    })),
  );
  return { status: 'applied', balance: updated.balance };
}

/** References of the deductions charged for each candidate (`candidate:<id>:<n>`), oldest first. */
export async function candidateDeductions(
  db: Database,
  organizationId: string,
  candidateIds: string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (candidateIds.length === 0) return result;
  const rows = await db
    .select({ reference: creditLedgerEntries.reference })
    .from(creditLedgerEntries)
    .where(
      and(
        eq(creditLedgerEntries.organizationId, organizationId),
        eq(creditLedgerEntries.kind, 'deduction'),
        or(...candidateIds.map((id) => like(creditLedgerEntries.reference, `candidate:${id}:%`))),
      ),
    )
    .orderBy(creditLedgerEntries.createdAt);
  for (const { reference } of rows) {
    const id = reference?.split(':')[1];
    if (!id || !reference) continue;
    result.set(id, [...(result.get(id) ?? []), reference]);
  }
  for (const list of result.values()) list.sort((a, b) => chargeNumber(a) - chargeNumber(b));
  return result;
}

function chargeNumber(reference: string): number {
  return Number(reference.split(':')[2] ?? 0);
}

/** The organization's balance, or undefined when it does not exist. */
export async function creditBalance(db: Database, organizationId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ balance: organizations.creditBalance })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.balance;
}

/** An organization by id or slug. */
export async function findOrganization(db: Database, idOrSlug: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const [row] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      creditBalance: organizations.creditBalance,
    })
    .from(organizations)
    .where(isUuid ? eq(organizations.id, idOrSlug.toLowerCase()) : eq(organizations.slug, idOrSlug));
  return row;
}

/**
 * The organization's ledger, newest first. Entries written by one transaction share their
 * created_at, so the order within it follows the balance they left (a bulk charge counts down).
 */
export async function listLedger(
  db: Database,
  organizationId: string,
  options: { limit: number; offset: number },
): Promise<{ entries: CreditLedgerEntry[]; total: number }> {
  const [entries, [counted]] = await Promise.all([
    db
      .select()
      .from(creditLedgerEntries)
      .where(eq(creditLedgerEntries.organizationId, organizationId))
      .orderBy(
        desc(creditLedgerEntries.createdAt),
        asc(creditLedgerEntries.balanceAfter),
        asc(creditLedgerEntries.id),
      )
      .limit(options.limit)
      .offset(options.offset),
    db
      .select({ total: count() })
      .from(creditLedgerEntries)
      .where(eq(creditLedgerEntries.organizationId, organizationId)),
  ]);
  return { entries, total: counted?.total ?? 0 };
}

/** Credit packs, cheapest first; only the ones on sale unless `all`. */
export async function listCreditPackages(
  db: Database,
  options: { all?: boolean } = {},
): Promise<CreditPackage[]> {
  return db
    .select()
    .from(creditPackages)
    .where(options.all ? undefined : eq(creditPackages.active, true))
    .orderBy(creditPackages.credits);
}

export async function findCreditPackage(db: Database, id: string): Promise<CreditPackage | undefined> {
  const [row] = await db.select().from(creditPackages).where(eq(creditPackages.id, id));
  return row;
}

/** The packages of the given Paddle price ids (active or not: a past purchase still counts). */
export async function creditPackagesByPriceIds(db: Database, priceIds: string[]): Promise<CreditPackage[]> {
  if (priceIds.length === 0) return [];
  return db.select().from(creditPackages).where(inArray(creditPackages.paddlePriceId, priceIds));
}

export async function insertCreditPackage(db: Database, values: NewCreditPackage): Promise<CreditPackage> {
  const [row] = await db.insert(creditPackages).values(values).returning();
  if (!row) throw new Error('credit package was not created');
  return row;
}

/** Ledger entries recorded for a Paddle transaction (its purchase and what refunds took back). */
export async function paddleTransactionEntries(
  db: Database,
  organizationId: string,
  paddleTransactionId: string,
): Promise<CreditLedgerEntry[]> {
  return db
    .select()
    .from(creditLedgerEntries)
    .where(
      and(
        eq(creditLedgerEntries.organizationId, organizationId),
        sql`${creditLedgerEntries.metadata} ->> 'paddleTransactionId' = ${paddleTransactionId}`,
      ),
    );
}

/** The purchase entry of a Paddle transaction, in whichever organization it was credited to. */
export async function findPaddlePurchase(
  db: Database,
  paddleTransactionId: string,
): Promise<CreditLedgerEntry | undefined> {
  const [row] = await db
    .select()
    .from(creditLedgerEntries)
    .where(
      and(
        eq(creditLedgerEntries.kind, 'purchase'),
        eq(creditLedgerEntries.reference, `paddle:${paddleTransactionId}`),
      ),
    );
  return row;
}

/**
 * Records an inbound webhook event once per provider and event id, locked for this transaction.
 * `new`: first delivery; `retry`: seen before but not handled (failed), handle it again;
 * `duplicate`: already handled, acknowledge and do nothing.
 */
export async function claimWebhookEvent(
  db: Database,
  event: { provider: string; eventId: string; type: string; payload: JsonObject },
): Promise<{ outcome: 'new' | 'retry' | 'duplicate'; id: string; status: WebhookEventStatus }> {
  const [inserted] = await db
    .insert(webhookEvents)
    .values(event)
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id, status: webhookEvents.status });
  if (inserted) return { outcome: 'new', ...inserted };
  const [existing] = await db
    .select({ id: webhookEvents.id, status: webhookEvents.status })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, event.provider), eq(webhookEvents.eventId, event.eventId)))
    .for('update');
  if (!existing) throw new Error('webhook event vanished');
  return { outcome: existing.status === 'failed' ? 'retry' : 'duplicate', ...existing };
}

/** Marks a webhook event handled (or not). */
export async function finishWebhookEvent(
  db: Database,
  id: string,
  status: WebhookEventStatus,
  error: string | null = null,
): Promise<void> {
  await db
    .update(webhookEvents)
    .set({ status, error, processedAt: new Date() })
    .where(eq(webhookEvents.id, id));
}
