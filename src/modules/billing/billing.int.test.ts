/**
 * Credits over real HTTP on PostgreSQL: the Paddle Billing webhook (signature, replay window,
 * idempotency, credits from the configured pack only, refunds), the ledger API and checkout, and
 * `interviewlm credits`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestMember, createTestOrganization } from '../../../test/support/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { runCreditsCommand } from '../../cli/credits-command.ts';
import { loadConfig } from '../../config/env.ts';
import type { Database } from '../../platform/db/client.ts';
import {
  creditLedgerEntries,
  creditPackages,
  organizations,
  webhookEvents,
} from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { createAuthGuard } from '../accounts/index.ts';
import { registerCreditRoutes } from './credits.routes.ts';
import { signPaddleBody } from './paddle.ts';
import { paddleCheckoutSettings } from './paddle-checkout.ts';
import { registerPaddleWebhookRoutes } from './paddle-webhook.routes.ts';

const SECRET = 'pdl_ntfset_01_test_secret_key';
let database: TestDatabase;
let db: Database;
let app: HttpServer;
let base: string;
let unconfigured: HttpServer;
let unconfiguredBase: string;
let eventSeq = 0;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
type Json = any;

const json = (response: Response): Promise<Json> => response.json();

async function post(
  url: string,
  rawBody: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: rawBody,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/** Delivers an event the way Paddle does: the raw JSON, signed now (or at `signedAt`). */
function deliver(event: object, options: { signedAt?: number; secret?: string; url?: string } = {}) {
  const raw = JSON.stringify(event);
  const signature = signPaddleBody(raw, options.secret ?? SECRET, options.signedAt ?? Date.now() / 1000);
  return post(`${options.url ?? base}/api/webhooks/paddle`, raw, { 'paddle-signature': signature });
}

function transactionCompleted(organizationId: string, transactionId: string, priceId: string, quantity = 1) {
  eventSeq += 1;
  return {
    event_id: `evt_${Date.now()}_${eventSeq}`,
    event_type: 'transaction.completed',
    occurred_at: new Date().toISOString(),
    notification_id: `ntf_${eventSeq}`,
    data: {
      id: transactionId,
      status: 'completed',
      // Whatever a client might add here is ignored: credits come from credit_packages.
      custom_data: { organization_id: organizationId, credits: 1_000_000 },
      currency_code: 'EUR',
      items: [{ price: { id: priceId, product_id: 'pro_1' }, quantity }],
      details: { totals: { grand_total: String(18_000 * quantity), currency_code: 'EUR' } },
    },
  };
}

function adjustment(
  transactionId: string,
  options: { id: string; action?: string; status?: string; total: string; type?: 'full' | 'partial' },
) {
  eventSeq += 1;
  return {
    event_id: `evt_adj_${Date.now()}_${eventSeq}`,
    event_type: options.status === 'approved' ? 'adjustment.updated' : 'adjustment.created',
    occurred_at: new Date().toISOString(),
    data: {
      id: options.id,
      action: options.action ?? 'refund',
      status: options.status ?? 'pending_approval',
      transaction_id: transactionId,
      totals: { total: options.total, currency_code: 'EUR' },
      items: [{ type: options.type ?? 'partial', amount: options.total }],
    },
  };
}

async function balanceOf(organizationId: string): Promise<number> {
  const [row] = await db
    .select({ balance: organizations.creditBalance })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.balance ?? -1;
}

async function packageWithPrice(credits: number): Promise<string> {
  const priceId = `pri_${credits}_${Math.random().toString(36).slice(2, 10)}`;
  await db.insert(creditPackages).values({
    name: `${credits} credits`,
    credits,
    paddlePriceId: priceId,
    priceCents: 18_000,
    currency: 'EUR',
  });
  return priceId;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 100_000,
    version: 'test',
  });
  registerPaddleWebhookRoutes(app, { db, secret: SECRET, logger: testLogger });
  registerCreditRoutes(app, { db, guard: createAuthGuard({ db }) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  unconfigured = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 100_000,
    version: 'test',
  });
  registerPaddleWebhookRoutes(unconfigured, { db, secret: undefined, logger: testLogger });
  unconfiguredBase = await unconfigured.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await unconfigured?.close();
  await database?.drop();
});

describe('Paddle webhook', () => {
  it('adds the credits of the purchased pack once, even when the event is delivered three times', async () => {
    const organizationId = await createTestOrganization(db, 3);
    const priceId = await packageWithPrice(10);
    const event = transactionCompleted(organizationId, 'txn_once_1', priceId, 2);
    const replies = [await deliver(event), await deliver(event), await deliver(event)];
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(replies[0]?.body).toMatchObject({ success: true, status: 'processed', credits: 20 });
    expect(replies[1]?.body).toMatchObject({ status: 'duplicate', credits: 0 });
    expect(replies[2]?.body).toMatchObject({ status: 'duplicate', credits: 0 });
    expect(await balanceOf(organizationId)).toBe(23);
    const entries = await db
      .select()
      .from(creditLedgerEntries)
      .where(eq(creditLedgerEntries.organizationId, organizationId));
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'purchase',
        amount: 20,
        balanceAfter: 23,
        reference: 'paddle:txn_once_1',
        actorKind: 'system',
        metadata: expect.objectContaining({
          paddleTransactionId: 'txn_once_1',
          amountPaid: '36000',
          currency: 'EUR',
        }),
      }),
    ]);
    const stored = await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.event_id));
    expect(stored).toEqual([expect.objectContaining({ provider: 'paddle', status: 'processed' })]);

    // Concurrent redeliveries, and a different event about the same transaction, add nothing either.
    const concurrent = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(concurrent.every((reply) => reply.status === 200)).toBe(true);
    const other = await deliver({ ...event, event_id: `${event.event_id}_other` });
    expect(other.body).toMatchObject({ status: 'ignored', credits: 0 });
    expect(await balanceOf(organizationId)).toBe(23);
  });

  it('refuses a bad signature, an old timestamp, a missing header and an unconfigured secret, adding nothing', async () => {
    const organizationId = await createTestOrganization(db, 0);
    const priceId = await packageWithPrice(5);
    const event = transactionCompleted(organizationId, 'txn_refused', priceId);
    const wrongSecret = await deliver(event, { secret: 'another-secret' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error.message).toBe('The Paddle-Signature does not match');
    const old = await deliver(event, { signedAt: Date.now() / 1000 - 301 });
    expect(old.status).toBe(401);
    expect(old.body.error.message).toMatch(/more than 5 minutes old/);
    const raw = JSON.stringify(event);
    const unsigned = await post(`${base}/api/webhooks/paddle`, raw);
    expect(unsigned.status).toBe(401);
    // A body changed after signing (say, more credits) no longer matches.
    const signature = signPaddleBody(raw, SECRET, Date.now() / 1000);
    const tampered = await post(`${base}/api/webhooks/paddle`, raw.replace('"quantity":1', '"quantity":9'), {
      'paddle-signature': signature,
    });
    expect(tampered.status).toBe(401);
    const noSecret = await deliver(event, { url: unconfiguredBase });
    expect(noSecret.status).toBe(503);
    expect(noSecret.body.error.message).toMatch(/PADDLE_WEBHOOK_SECRET is not set/);
    const noSecretUnsigned = await post(`${unconfiguredBase}/api/webhooks/paddle`, raw);
    expect(noSecretUnsigned.status).toBe(503);

    expect(await balanceOf(organizationId)).toBe(0);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.event_id))).toEqual(
      [],
    );
    // The same event, properly signed, still works afterwards.
    expect((await deliver(event)).body).toMatchObject({ status: 'processed', credits: 5 });
  });

  it('records an event it cannot apply yet (unknown price) and applies it on redelivery once the pack exists', async () => {
    const organizationId = await createTestOrganization(db, 0);
    const priceId = `pri_unknown_${Date.now()}`;
    const event = transactionCompleted(organizationId, 'txn_later', priceId);
    const first = await deliver(event);
    expect(first.status).toBe(503);
    expect(first.body.error.message).toMatch(`no credit pack is configured for Paddle price ${priceId}`);
    const [failed] = await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.event_id));
    expect(failed).toMatchObject({ status: 'failed' });
    await db.insert(creditPackages).values({ name: 'Later', credits: 7, paddlePriceId: priceId });
    const second = await deliver(event);
    expect(second.body).toMatchObject({ status: 'processed', credits: 7 });
    expect(await balanceOf(organizationId)).toBe(7);

    const unknownOrg = await deliver(
      transactionCompleted('00000000-0000-4000-8000-000000000000', 'txn_noorg', priceId),
    );
    expect(unknownOrg.status).toBe(503);
    const ignored = await deliver({
      event_id: `evt_sub_${Date.now()}`,
      event_type: 'subscription.created',
      data: {},
    });
    expect(ignored.body).toMatchObject({ status: 'ignored' });
    const malformed = await post(`${base}/api/webhooks/paddle`, '{not json', {
      'paddle-signature': signPaddleBody('{not json', SECRET, Date.now() / 1000),
    });
    expect(malformed.status).toBe(400);
  });

  it('takes credits back for approved refunds (full or partial, once each), never below zero', async () => {
    const organizationId = await createTestOrganization(db, 0);
    const priceId = await packageWithPrice(10);
    await deliver(transactionCompleted(organizationId, 'txn_refund', priceId));
    expect(await balanceOf(organizationId)).toBe(10);

    // A refund waiting for approval changes nothing.
    const pending = await deliver(adjustment('txn_refund', { id: 'adj_1', total: '3600' }));
    expect(pending.body).toMatchObject({ status: 'ignored', credits: 0 });
    // Approved: 3600 of 18000 paid is a fifth of the pack.
    const approvedEvent = adjustment('txn_refund', { id: 'adj_1', status: 'approved', total: '3600' });
    const approved = await deliver(approvedEvent);
    expect(approved.body).toMatchObject({ status: 'processed', credits: -2 });
    expect(await balanceOf(organizationId)).toBe(8);
    // The same adjustment in another event does not take twice.
    const again = await deliver({ ...approvedEvent, event_id: `${approvedEvent.event_id}_again` });
    expect(again.body).toMatchObject({ status: 'ignored', credits: 0 });
    expect(await balanceOf(organizationId)).toBe(8);

    // Credits spent meanwhile cannot be taken back: a full refund takes what is left.
    await db.update(organizations).set({ creditBalance: 5 }).where(eq(organizations.id, organizationId));
    const full = await deliver(
      adjustment('txn_refund', { id: 'adj_2', status: 'approved', total: '14400', type: 'full' }),
    );
    expect(full.body).toMatchObject({ status: 'processed', credits: -5 });
    expect(await balanceOf(organizationId)).toBe(0);
    const adjustments = await db
      .select()
      .from(creditLedgerEntries)
      .where(eq(creditLedgerEntries.organizationId, organizationId));
    expect(
      adjustments
        .filter((entry) => entry.kind === 'adjustment')
        .map((entry) => entry.amount)
        .sort(),
    ).toEqual([-2, -5]);
    expect(adjustments.find((entry) => entry.amount === -5)?.reason).toMatch(/3 already spent/);
  });
});

describe('credits API', () => {
  it('shows the balance and ledger to members, and prepares a checkout for those who may buy', async () => {
    const organizationId = await createTestOrganization(db, 0);
    const owner = await createTestMember(db, { role: 'OWNER', organizationId });
    const viewer = await createTestMember(db, { role: 'VIEWER', organizationId });
    const recruiter = await createTestMember(db, { role: 'RECRUITER', organizationId });
    const priceId = await packageWithPrice(25);
    await deliver(transactionCompleted(organizationId, 'txn_api', priceId));

    const ledger = await fetch(`${base}/api/credits`, { headers: viewer.headers() }).then(json);
    expect(ledger).toMatchObject({
      success: true,
      balance: 25,
      total: 1,
      entries: [{ kind: 'purchase', amount: 25, balanceAfter: 25, reference: 'paddle:txn_api' }],
    });
    const stranger = await createTestMember(db, { role: 'OWNER' });
    const theirs = await fetch(`${base}/api/credits`, { headers: stranger.headers() }).then(json);
    expect(theirs.balance).toBe(10);
    expect(theirs.entries).toEqual([]);
    expect((await fetch(`${base}/api/credits`)).status).toBe(401);

    const packages = await fetch(`${base}/api/credits/packages`, { headers: viewer.headers() }).then(json);
    const pack = packages.packages.find((p: { credits: number; purchasable: boolean }) => p.credits === 25);
    expect(pack).toMatchObject({ purchasable: true });
    const checkout = (member: typeof owner) =>
      fetch(`${base}/api/credits/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...member.headers(true) },
        body: JSON.stringify({ packageId: pack.id }),
      });
    expect((await checkout(recruiter)).status).toBe(403);
    const allowed = await checkout(owner);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({
      success: true,
      checkout: { items: [{ priceId, quantity: 1 }], customData: { organization_id: organizationId } },
    });
    // No client-side token here: the page is told there is no online checkout.
    expect(packages.checkout).toBeNull();
  });

  it('tells the settings page how to open Paddle.js when a client-side token is configured', async () => {
    const server = await createHttpServer({
      logger: testLogger,
      trustProxy: false,
      rateLimitPerMinute: 100_000,
      version: 'test',
    });
    try {
      registerCreditRoutes(server, {
        db,
        guard: createAuthGuard({ db }),
        paddleCheckout: paddleCheckoutSettings('test_0123456789abcdef'),
      });
      const serverBase = await server.listen({ port: 0, host: '127.0.0.1' });
      const viewer = await createTestMember(db, { role: 'VIEWER' });
      const packages = await fetch(`${serverBase}/api/credits/packages`, { headers: viewer.headers() }).then(
        json,
      );
      expect(packages.checkout).toEqual({
        provider: 'paddle',
        environment: 'sandbox',
        clientToken: 'test_0123456789abcdef',
      });
    } finally {
      await server.close();
    }
  });
});

describe('interviewlm credits', () => {
  it('grants credits by slug or id, takes them back within the balance, and explains misuse', async () => {
    const organizationId = await createTestOrganization(db, 3);
    const [organization] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ilm-credits-'));
    const config = loadConfig({ DATABASE_URL: database.url, DATA_DIR: dataDir });
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const printed = (spy: typeof out) => spy.mock.calls.map((call) => String(call[0])).join('');
    try {
      expect(
        await runCreditsCommand(
          ['grant', '--org', organization?.slug ?? '', '--amount', '5', '--reason', 'Pilot'],
          config,
          testLogger,
        ),
      ).toBe(0);
      expect(printed(out)).toContain('Granted 5 credits');
      expect(printed(out)).toContain('balance: 8');
      expect(
        await runCreditsCommand(['grant', '--org', organizationId, '--amount=-2'], config, testLogger),
      ).toBe(0);
      expect(await balanceOf(organizationId)).toBe(6);
      const entries = await db
        .select()
        .from(creditLedgerEntries)
        .where(eq(creditLedgerEntries.organizationId, organizationId));
      expect(
        entries.map((entry) => [entry.kind, entry.amount, entry.actorKind, entry.reason]).sort(),
      ).toEqual([
        ['adjustment', -2, 'cli', 'Credits removed by an operator'],
        ['adjustment', 5, 'cli', 'Pilot'],
      ]);

      expect(
        await runCreditsCommand(['grant', '--org', organizationId, '--amount=-100'], config, testLogger),
      ).toBe(1);
      expect(printed(err)).toContain('Cannot take 100 credits: the organization has 6');
      expect(
        await runCreditsCommand(['grant', '--org', 'no-such-org', '--amount', '1'], config, testLogger),
      ).toBe(1);
      expect(printed(err)).toContain('Organization "no-such-org" was not found');
      expect(await runCreditsCommand(['grant', '--amount', '1'], config, testLogger)).toBe(2);
      expect(printed(err)).toContain('--org is required');
      expect(
        await runCreditsCommand(['grant', '--org', organizationId, '--amount', 'ten'], config, testLogger),
      ).toBe(2);
      expect(await runCreditsCommand(['spend'], config, testLogger)).toBe(2);
      expect(await balanceOf(organizationId)).toBe(6);

      expect(await runCreditsCommand(['balance', '--org', organizationId], config, testLogger)).toBe(0);
      expect(printed(out)).toContain(': 6 credits');
      expect(
        await runCreditsCommand(
          [
            'add-package',
            '--name',
            'Team',
            '--credits',
            '50',
            '--paddle-price-id',
            'pri_cli_team',
            '--price-cents',
            '75000',
            '--currency',
            'eur',
          ],
          config,
          testLogger,
        ),
      ).toBe(0);
      expect(await runCreditsCommand(['packages'], config, testLogger)).toBe(0);
      expect(printed(out)).toMatch(/Team {2}50 credits 750\.00 EUR {2}paddle price: pri_cli_team/);
    } finally {
      out.mockRestore();
      err.mockRestore();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
