/**
 * Sign-up records the trial credits in the credit ledger, in the sign-up transaction, wired the
 * way the composition root wires it (billing's applyCreditChange), over real HTTP on PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { organizations, users } from '../../platform/db/schema/index.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import { applyCreditChange, chargeForInvitations, registerCreditRoutes } from '../billing/index.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import { type ApplyCreditChange, createAuthService, TRIAL_CREDITS_REASON } from './auth.service.ts';
import { createAuthGuard } from './auth-guard.routes.ts';

let database: TestDatabase;
const servers: HttpServer[] = [];

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
type Json = any;

/** An API with sign-up and the credit routes; sign-up records trial credits through `ledger`. */
async function startApi(trialCredits: number, ledger: ApplyCreditChange): Promise<string> {
  const app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  servers.push(app);
  const db = database.handle.db;
  const guard = createAuthGuard({ db });
  const auth = createAuthService({
    db,
    appUrl: 'http://app.test',
    trialCredits,
    sendEmail: async () => {},
    applyCreditChange: ledger,
  });
  registerAuthRoutes(app, { db, guard, auth, attemptsPerMinute: 1_000 });
  registerCreditRoutes(app, { db, guard });
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function signUp(base: string, email: string, organizationName: string) {
  const response = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email,
      password: 'correct horse battery',
      name: 'Ada',
      organizationName,
    }),
  });
  const body: Json = await response.json();
  return { status: response.status, body, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

async function credits(base: string, cookie: string): Promise<Json> {
  const response = await fetch(`${base}/api/credits`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.drop();
});

describe('trial credits at sign-up', () => {
  it('shows the trial grant as the first ledger entry, and later charges chain from it', async () => {
    const base = await startApi(3, applyCreditChange);
    const signup = await signUp(base, 'trial@example.test', 'Trial Org');
    expect(signup.status).toBe(201);
    const organizationId: string = signup.body.organization.id;

    const first = await credits(base, signup.cookie);
    expect(first.balance).toBe(3);
    expect(first.total).toBe(1);
    expect(first.entries).toEqual([
      expect.objectContaining({
        kind: 'adjustment',
        amount: 3,
        balanceAfter: 3,
        reason: TRIAL_CREDITS_REASON,
        reference: 'trial',
        actorKind: 'system',
      }),
    ]);

    await database.handle.db.transaction((tx) =>
      chargeForInvitations(tx, {
        organizationId,
        assessmentId: crypto.randomUUID(),
        candidateIds: [crypto.randomUUID(), crypto.randomUUID()],
        actor: { kind: 'system' },
      }),
    );
    const after = await credits(base, signup.cookie);
    expect(after.balance).toBe(1);
    // Newest first: each entry's balance is the older one's plus its amount, down to the trial grant.
    const oldestFirst = [...after.entries].reverse();
    expect(oldestFirst.map((entry: Json) => entry.balanceAfter)).toEqual([3, 2, 1]);
    for (let i = 1; i < oldestFirst.length; i++) {
      expect(oldestFirst[i].balanceAfter).toBe(oldestFirst[i - 1].balanceAfter + oldestFirst[i].amount);
    }
  });

  it('undoes the whole sign-up when the ledger entry cannot be written', async () => {
    const failing: ApplyCreditChange = async (tx, change) => {
      await applyCreditChange(tx, change);
      throw new Error('ledger unavailable');
    };
    const base = await startApi(3, failing);
    const signup = await signUp(base, 'undone@example.test', 'Undone Org');
    expect(signup.status).toBe(500);
    const db = database.handle.db;
    expect(await db.select().from(users).where(eq(users.email, 'undone@example.test'))).toEqual([]);
    expect(await db.select().from(organizations).where(eq(organizations.name, 'Undone Org'))).toEqual([]);
  });

  it('writes no ledger entry when there are no trial credits', async () => {
    const base = await startApi(0, applyCreditChange);
    const signup = await signUp(base, 'zero@example.test', 'Zero Org');
    expect(signup.status).toBe(201);
    const ledger = await credits(base, signup.cookie);
    expect(ledger).toMatchObject({ balance: 0, total: 0, entries: [] });
  });
});
