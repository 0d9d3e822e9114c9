import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  creditsToTakeBack,
  organizationOfTransaction,
  PaddleTransactionSchema,
  purchaseLines,
  signPaddleBody,
  verifyPaddleSignature,
} from './paddle.ts';

const secret = 'pdl_ntfset_01h_test_secret';
const body = '{"event_id":"evt_1","event_type":"transaction.completed","data":{}}';
const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const ts = now / 1000;

describe('Paddle-Signature', () => {
  it('accepts the HMAC-SHA256 of "ts:body" with the secret, in hex', () => {
    const h1 = createHmac('sha256', secret).update(`${ts}:${body}`).digest('hex');
    expect(signPaddleBody(body, secret, ts)).toBe(`ts=${ts};h1=${h1}`);
    expect(verifyPaddleSignature(`ts=${ts};h1=${h1}`, body, secret, now)).toEqual({
      ok: true,
      timestamp: ts,
    });
    // During a secret rotation Paddle sends one h1 per secret.
    expect(verifyPaddleSignature(`ts=${ts};h1=${'0'.repeat(64)};h1=${h1}`, body, secret, now).ok).toBe(true);
  });

  it('refuses another body, another secret, a missing or malformed header, and a timestamp outside 5 minutes', () => {
    const header = signPaddleBody(body, secret, ts);
    const reason = (check: ReturnType<typeof verifyPaddleSignature>) => (check.ok ? 'ok' : check.reason);
    expect(reason(verifyPaddleSignature(header, `${body} `, secret, now))).toMatch(/does not match/);
    expect(reason(verifyPaddleSignature(header, body, 'another', now))).toMatch(/does not match/);
    expect(reason(verifyPaddleSignature(undefined, body, secret, now))).toMatch(/missing/);
    expect(reason(verifyPaddleSignature('h1=abc', body, secret, now))).toMatch(/malformed/);
    expect(reason(verifyPaddleSignature(`ts=${ts};h1=zz`, body, secret, now))).toMatch(/does not match/);
    const old = signPaddleBody(body, secret, ts - 301);
    expect(reason(verifyPaddleSignature(old, body, secret, now))).toMatch(/more than 5 minutes old/);
    expect(verifyPaddleSignature(signPaddleBody(body, secret, ts - 299), body, secret, now).ok).toBe(true);
    expect(reason(verifyPaddleSignature(signPaddleBody(body, secret, ts + 600), body, secret, now))).toMatch(
      /future/,
    );
  });
});

describe('Paddle events', () => {
  it('reads the price lines and the organization of a transaction', () => {
    const transaction = PaddleTransactionSchema.parse({
      id: 'txn_1',
      custom_data: { organization_id: '5E1D6F6C-3C1B-4C44-9D1A-2B1D1F0C9A10' },
      items: [
        { price: { id: 'pri_a' }, quantity: 2 },
        { price_id: 'pri_b', quantity: 1 },
      ],
    });
    expect(purchaseLines(transaction)).toEqual([
      { priceId: 'pri_a', quantity: 2 },
      { priceId: 'pri_b', quantity: 1 },
    ]);
    expect(organizationOfTransaction(transaction)).toBe('5e1d6f6c-3c1b-4c44-9d1a-2b1d1f0c9a10');
    expect(
      organizationOfTransaction({ ...transaction, custom_data: { organization_id: 'x' } }),
    ).toBeUndefined();
  });

  it('takes back all credits of a full refund, the refunded share (rounded up) of a partial one, never more than left', () => {
    const adjustment = (total: string, type = 'partial') => ({
      id: 'adj_1',
      action: 'refund',
      status: 'approved',
      transaction_id: 'txn_1',
      totals: { total },
      items: [{ type, amount: total }],
    });
    const base = { purchasedCredits: 50, alreadyTakenBack: 0, paidMinorUnits: '75000' };
    expect(creditsToTakeBack({ ...base, adjustment: adjustment('75000', 'full') })).toBe(50);
    expect(creditsToTakeBack({ ...base, adjustment: adjustment('15000') })).toBe(10);
    expect(creditsToTakeBack({ ...base, adjustment: adjustment('100') })).toBe(1);
    expect(creditsToTakeBack({ ...base, alreadyTakenBack: 45, adjustment: adjustment('15000') })).toBe(5);
    expect(creditsToTakeBack({ ...base, paidMinorUnits: undefined, adjustment: adjustment('15000') })).toBe(
      50,
    );
  });
});
