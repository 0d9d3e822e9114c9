/**
 * Paddle Billing, the pure part: the `Paddle-Signature` check (HMAC-SHA256 of `ts:rawBody` with the
 * notification destination's secret key), the shapes of the events we act on, and the arithmetic of
 * taking credits back after a refund. No I/O: the service feeds it the raw body, the header, the
 * secret and the clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** A signature older (or further in the future) than this is refused: a captured call cannot be replayed later. */
export const PADDLE_SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** The outcome of checking a `Paddle-Signature` header. */
export type PaddleSignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

function hmacHex(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}:${rawBody}`).digest('hex');
}

/** The header Paddle would send for `rawBody` at `timestampSeconds` (tests, and the docs' example). */
export function signPaddleBody(rawBody: string, secret: string, timestampSeconds: number): string {
  const ts = String(Math.floor(timestampSeconds));
  return `ts=${ts};h1=${hmacHex(secret, ts, rawBody)}`;
}

/**
 * Checks `Paddle-Signature: ts=…;h1=…` against the raw body. Several h1 values may be present
 * while a secret is being rotated; one match is enough. Pure: the clock comes in as `nowMs`.
 */
export function verifyPaddleSignature(
  header: string | undefined,
  rawBody: string,
  secret: string,
  nowMs: number,
  toleranceSeconds = PADDLE_SIGNATURE_TOLERANCE_SECONDS,
): PaddleSignatureCheck {
  if (!header) return { ok: false, reason: 'The Paddle-Signature header is missing' };
  let ts: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key === 'ts') ts = value;
    else if (key === 'h1') signatures.push(value);
  }
  if (!ts || !/^\d{1,12}$/.test(ts) || signatures.length === 0) {
    return { ok: false, reason: 'The Paddle-Signature header is malformed (expected ts=…;h1=…)' };
  }
  const timestamp = Number(ts);
  const ageSeconds = nowMs / 1000 - timestamp;
  if (ageSeconds > toleranceSeconds) {
    return { ok: false, reason: 'The Paddle-Signature timestamp is more than 5 minutes old' };
  }
  if (ageSeconds < -toleranceSeconds) {
    return { ok: false, reason: 'The Paddle-Signature timestamp is in the future' };
  }
  const expected = Buffer.from(hmacHex(secret, ts, rawBody), 'hex');
  const matches = signatures.some((candidate) => {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) return false;
    return timingSafeEqual(Buffer.from(candidate, 'hex'), expected);
  });
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'The Paddle-Signature does not match' };
}

/** The envelope of every Paddle Billing notification. */
export const PaddleEventSchema = z.object({
  event_id: z.string().min(1).max(200),
  event_type: z.string().min(1).max(200),
  occurred_at: z.string().max(100).optional(),
  data: z.record(z.string(), z.unknown()),
});
export type PaddleEvent = z.infer<typeof PaddleEventSchema>;

/** Amounts in Paddle are strings of the lowest currency unit ("1999" = 19.99). */
const minorUnits = z
  .string()
  .regex(/^-?\d+$/)
  .optional();

/** `data` of `transaction.completed`: what was bought, and the custom data our checkout attached. */
export const PaddleTransactionSchema = z.object({
  id: z.string().min(1).max(200),
  status: z.string().optional(),
  custom_data: z.record(z.string(), z.unknown()).nullable().optional(),
  currency_code: z.string().max(10).optional(),
  items: z
    .array(
      z.object({
        price: z
          .object({ id: z.string().min(1).max(200) })
          .nullable()
          .optional(),
        price_id: z.string().min(1).max(200).optional(),
        quantity: z.number().int().positive().default(1),
      }),
    )
    .min(1),
  details: z
    .object({
      totals: z
        .object({ grand_total: minorUnits, total: minorUnits, currency_code: z.string().optional() })
        .partial()
        .nullable()
        .optional(),
    })
    .partial()
    .nullable()
    .optional(),
});
export type PaddleTransaction = z.infer<typeof PaddleTransactionSchema>;

/** `data` of `adjustment.created` / `adjustment.updated`: a refund, credit or chargeback of a transaction. */
export const PaddleAdjustmentSchema = z.object({
  id: z.string().min(1).max(200),
  action: z.string().min(1).max(50),
  status: z.string().min(1).max(50),
  transaction_id: z.string().min(1).max(200),
  totals: z
    .object({ total: minorUnits, currency_code: z.string().optional() })
    .partial()
    .nullable()
    .optional(),
  items: z
    .array(z.object({ type: z.string().optional(), amount: minorUnits }).partial())
    .nullable()
    .optional(),
});
export type PaddleAdjustment = z.infer<typeof PaddleAdjustmentSchema>;

/** Adjustment actions that give the customer money back, and so take the purchased credits back. */
export const creditReducingActions = new Set(['refund', 'credit', 'chargeback']);

/** The price id and quantity of each line of a transaction. */
export function purchaseLines(transaction: PaddleTransaction): Array<{ priceId: string; quantity: number }> {
  return transaction.items.flatMap((item) => {
    const priceId = item.price?.id ?? item.price_id;
    return priceId ? [{ priceId, quantity: item.quantity }] : [];
  });
}

/** The organization our checkout put in `custom_data` (`organization_id`), when it is a UUID. */
export function organizationOfTransaction(transaction: PaddleTransaction): string | undefined {
  const data = transaction.custom_data ?? {};
  const value = data.organization_id ?? data.organizationId;
  return typeof value === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    ? value.toLowerCase()
    : undefined;
}

/**
 * How many credits an approved adjustment takes back from a purchase of `purchasedCredits`: all of
 * them for a full refund (or one at least as large as what was paid), else the refunded share,
 * rounded up — never more than what is still left of the purchase.
 */
export function creditsToTakeBack(input: {
  purchasedCredits: number;
  alreadyTakenBack: number;
  paidMinorUnits: string | undefined;
  adjustment: PaddleAdjustment;
}): number {
  const remaining = Math.max(0, input.purchasedCredits - input.alreadyTakenBack);
  const items = input.adjustment.items ?? [];
  const full = items.length > 0 && items.every((item) => item.type === 'full');
  const paid = input.paidMinorUnits ? Number(input.paidMinorUnits) : Number.NaN;
  const refunded = input.adjustment.totals?.total
    ? Math.abs(Number(input.adjustment.totals.total))
    : Number.NaN;
  if (full || !Number.isFinite(paid) || paid <= 0 || !Number.isFinite(refunded) || refunded >= paid) {
    return remaining;
  }
  return Math.min(remaining, Math.ceil((input.purchasedCredits * refunded) / paid));
}
