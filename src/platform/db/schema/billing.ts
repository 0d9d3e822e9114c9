import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './accounts.ts';
import { createdAt, updatedAt } from './columns.ts';
import { actorKindEnum, creditLedgerKindEnum } from './enums.ts';
import type { CreditLedgerMetadata } from './types.ts';

// A purchasable credit pack. The Paddle webhook looks the credit amount up here by paddle_price_id, never
// from client-supplied data.
export const creditPackages = pgTable(
  'credit_packages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    credits: integer('credits').notNull(),
    paddlePriceId: text('paddle_price_id'),
    priceCents: integer('price_cents'),
    currency: text('currency'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('credit_packages_paddle_price_id_key').on(t.paddlePriceId),
    check('credit_packages_credits_positive', sql`${t.credits} > 0`),
  ],
);
export type CreditPackage = typeof creditPackages.$inferSelect;
export type NewCreditPackage = typeof creditPackages.$inferInsert;

// Append-only credit ledger, the source of truth for credits. Each insert also updates
// organizations.credit_balance in the same transaction (balance_after = the new balance). The partial unique
// (organization, kind, reference) makes charges and grants idempotent: one deduction per candidate, one
// purchase per Paddle transaction. The sign of amount must match the kind (CHECK).
export const creditLedgerEntries = pgTable(
  'credit_ledger_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: creditLedgerKindEnum('kind').notNull(),
    amount: integer('amount').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    reason: text('reason').notNull(),
    reference: text('reference'),
    actorKind: actorKindEnum('actor_kind').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    metadata: jsonb('metadata').$type<CreditLedgerMetadata>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('credit_ledger_entries_reference_key')
      .on(t.organizationId, t.kind, t.reference)
      .where(sql`reference IS NOT NULL`),
    index('credit_ledger_entries_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    check('credit_ledger_entries_balance_non_negative', sql`${t.balanceAfter} >= 0`),
    check(
      'credit_ledger_entries_amount_sign',
      sql`(${t.kind} IN ('purchase', 'refund') AND ${t.amount} > 0) OR (${t.kind} = 'deduction' AND ${t.amount} < 0) OR (${t.kind} = 'adjustment' AND ${t.amount} <> 0)`,
    ),
  ],
);
export type CreditLedgerEntry = typeof creditLedgerEntries.$inferSelect;
export type NewCreditLedgerEntry = typeof creditLedgerEntries.$inferInsert;
