/**
 * The whole platform (startPlatform, role `all`) on a fresh database with one actor of every kind,
 * for tests that talk to every route: members of organization A in each role, the OWNER of another
 * organization, a signed-in platform operator, OPERATOR_TOKEN, an API key of A, and two candidates of
 * A's published assessment, each holding the credential of its own session. The same set-up as the
 * authorization matrix (test/security), reusable.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../src/config/env.ts';
import { type RunningPlatform, startPlatform } from '../../src/main.ts';
import { insertCreditPackage } from '../../src/modules/billing/index.ts';
import { organizations } from '../../src/platform/db/schema/index.ts';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { createTestApiKey, createTestMember, type TestMember } from './accounts.ts';
import { createEmptyDatabase } from './database.ts';
import { testLogger } from './logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from './redis.ts';
import { testRedisUrl } from './services.ts';

export type MemberName = 'VIEWER' | 'RECRUITER' | 'ADMIN' | 'OWNER' | 'otherOrgOwner' | 'operator';

export interface CandidateSession {
  id: string;
  credential: string;
}

export interface PlatformWithActors {
  platform: RunningPlatform;
  /** Base URL of the HTTP API. */
  url: string;
  members: Record<MemberName, TestMember>;
  orgA: string;
  operatorToken: string;
  /** `Authorization` header value of an API key of A (acts as a RECRUITER). */
  apiKey: string;
  /** Secret the Paddle webhook verifies signatures with (set, so the webhook really parses). */
  paddleWebhookSecret: string;
  /** A credit pack on sale with a Paddle price. */
  creditPackageId: string;
  /** A published assessment of A that candidates are invited to. */
  assessmentA: string;
  sessionA: CandidateSession;
  sessionB: CandidateSession;
  /** Stops the platform, drops the database and deletes the Redis keys. */
  stop(): Promise<void>;
}

export const bearer = (credential: string): Record<string, string> => ({
  authorization: `Bearer ${credential}`,
});

/** POSTs JSON to the platform as A's OWNER; resolves with the status and the parsed answer. */
export async function postAsOwner(
  fixture: Pick<PlatformWithActors, 'url' | 'members'>,
  pathName: string,
  body: unknown,
): Promise<{ status: number; answer: Record<string, unknown> }> {
  const response = await fetch(`${fixture.url}${pathName}`, {
    method: 'POST',
    headers: { ...fixture.members.OWNER.headers(true), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, answer: (await response.json()) as Record<string, unknown> };
}

export const assessmentBody = () => ({
  title: `Assessment ${randomUUID().slice(0, 8)}`,
  role: 'backend',
  seniority: 'mid',
  durationMinutes: 60,
  languages: ['python'],
});

/** Invites a new candidate to `assessmentId` (default A's); resolves with its id and invitation token. */
export async function inviteToA(
  fixture: Pick<PlatformWithActors, 'url' | 'members' | 'assessmentA'>,
  assessmentId = fixture.assessmentA,
): Promise<{ candidateId: string; token: string }> {
  const { status, answer } = await postAsOwner(fixture, `/api/assessments/${assessmentId}/candidates`, {
    email: `c-${randomUUID()}@example.test`,
    name: 'Candidate',
    sendEmail: false,
  });
  const invited = (answer.invited as Array<{ id: string; invitationLink: string }> | undefined)?.[0];
  const token = invited?.invitationLink.split('/').at(-1);
  if (!invited || !token) throw new Error(`could not invite: ${status} ${JSON.stringify(answer)}`);
  return { candidateId: invited.id, token };
}

/** Starts an interview for a new candidate of A; resolves with the session and its credential. */
export async function startSessionInA(
  fixture: Pick<PlatformWithActors, 'url' | 'members' | 'assessmentA'>,
): Promise<CandidateSession> {
  const { token } = await inviteToA(fixture);
  const response = await fetch(`${fixture.url}/api/interview/start/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ consent: true }),
  });
  const answer = (await response.json()) as { sessionId?: string; credential?: string };
  if (!answer.sessionId || !answer.credential) throw new Error(`could not start: ${response.status}`);
  return { id: answer.sessionId, credential: answer.credential };
}

/** Starts the platform with every actor. `label` names the Redis prefix and the data directory. */
export async function startPlatformWithActors(
  label: string,
  env: Record<string, string> = {},
): Promise<PlatformWithActors> {
  const database = await createEmptyDatabase();
  const prefix = uniquePrefix(label);
  const operatorToken = `${label}-operator-${randomBytes(16).toString('hex')}`;
  const paddleWebhookSecret = `pdl_ntfset_${randomBytes(16).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(await findFreePort()),
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), `ilm-${label}-`)),
    OPERATOR_TOKEN: operatorToken,
    PADDLE_WEBHOOK_SECRET: paddleWebhookSecret,
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
    // A job still active at teardown must not hold the hook.
    SHUTDOWN_TIMEOUT_MS: '5000',
    PATH: process.env.PATH ?? '',
    ...env,
  });
  const platform = await startPlatform({ config, role: 'all', logger: testLogger });
  const stop = async () => {
    await platform.stop();
    await database.drop();
    await deleteKeysWithPrefix(prefix);
  };
  try {
    const url = platform.url;
    if (!url) throw new Error('the platform serves no HTTP');
    const db = platform.database.db;
    const owner = await createTestMember(db, { role: 'OWNER' });
    const orgA = owner.organizationId;
    const members: Record<MemberName, TestMember> = {
      OWNER: owner,
      ADMIN: await createTestMember(db, { role: 'ADMIN', organizationId: orgA }),
      RECRUITER: await createTestMember(db, { role: 'RECRUITER', organizationId: orgA }),
      VIEWER: await createTestMember(db, { role: 'VIEWER', organizationId: orgA }),
      otherOrgOwner: await createTestMember(db, { role: 'OWNER' }),
      operator: await createTestMember(db, { role: 'OWNER', isPlatformAdmin: true }),
    };
    const apiKey = await createTestApiKey(db, orgA);
    const creditPackage = await insertCreditPackage(db, {
      name: `${label} pack`,
      credits: 10,
      paddlePriceId: `pri_${label}_${randomBytes(6).toString('hex')}`,
      priceCents: 9_900,
      currency: 'EUR',
    });
    await db.update(organizations).set({ creditBalance: 10_000 }).where(eq(organizations.id, orgA));
    const created = await postAsOwner({ url, members }, '/api/assessments', assessmentBody());
    const assessmentA = (created.answer.assessment as { id?: string } | undefined)?.id;
    if (!assessmentA) throw new Error(`could not create an assessment: ${created.status}`);
    const published = await postAsOwner({ url, members }, `/api/assessments/${assessmentA}/publish`, {});
    if (published.status !== 200) throw new Error(`could not publish: ${published.status}`);
    const base = { url, members, assessmentA };
    return {
      platform,
      url,
      members,
      orgA,
      operatorToken,
      apiKey,
      paddleWebhookSecret,
      creditPackageId: creditPackage.id,
      assessmentA,
      sessionA: await startSessionInA(base),
      sessionB: await startSessionInA(base),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
