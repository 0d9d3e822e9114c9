/**
 * The recruiter's golden path, as a new user would walk it with curl, over plain HTTP against the
 * whole platform (startPlatform, role all) on real PostgreSQL and Redis: sign up → create an
 * assessment → publish it → invite two candidates → the operator reads both invitations in the
 * development outbox, each with a link that opens that candidate's interview → two credits spent.
 * scripts/walkthrough.sh does the same against a running `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/env.ts';
import { type RunningPlatform, startPlatform } from '../../src/main.ts';
import { resolveInvitationToken } from '../../src/modules/candidates/index.ts';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { createBrowserClient } from '../support/browser-client.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { testLogger } from '../support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis.ts';
import { testRedisUrl } from '../support/services.ts';

const operatorToken = `golden-operator-${randomBytes(16).toString('hex')}`;
const prefix = uniquePrefix('golden');
let platform: RunningPlatform;
let config: Config;
let dropDatabase: () => Promise<void>;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, each step checks the fields it reads
type Json = any;

const client = createBrowserClient;

beforeAll(async () => {
  const database = await createEmptyDatabase();
  dropDatabase = database.drop;
  const port = await findFreePort();
  config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-golden-')),
    OPERATOR_TOKEN: operatorToken,
    LLM_PROVIDER: 'offline',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
    // A job still active at teardown (an evaluation on a loaded CI box) must not hold the hook.
    SHUTDOWN_TIMEOUT_MS: '5000',
    PATH: process.env.PATH,
  });
  platform = await startPlatform({ config, role: 'all', logger: testLogger });
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await deleteKeysWithPrefix(prefix);
  await dropDatabase?.();
});

describe('the recruiter golden path', () => {
  it('signs up, publishes, invites two candidates with working links in the outbox, and spends two credits', async () => {
    const base = platform.url ?? '';
    const recruiter = client(base);

    const signup = await recruiter.request('POST', '/api/auth/signup', {
      email: `recruiter-${randomBytes(4).toString('hex')}@example.test`,
      password: 'a long enough password',
      name: 'Rita Recruiter',
      organizationName: 'Golden Path Inc',
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const organizationId: string = signup.body.organization.id;

    const before = await recruiter.request('GET', '/api/credits');
    expect(before.status).toBe(200);
    expect(before.body.balance).toBe(config.trialCredits);

    const created = await recruiter.request('POST', '/api/assessments', {
      title: 'Backend engineer',
      role: 'backend',
      seniority: 'mid',
      durationMinutes: 60,
      languages: ['python'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const assessmentId: string = created.body.assessment.id;
    expect(created.body.assessment.status).toBe('draft');

    const published = await recruiter.request('POST', `/api/assessments/${assessmentId}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.assessment.status).toBe('published');

    const people = [
      { name: 'Ada Candidate', email: `ada-${randomBytes(4).toString('hex')}@example.test` },
      { name: 'Alan Candidate', email: `alan-${randomBytes(4).toString('hex')}@example.test` },
    ];
    const invited = await recruiter.request('POST', `/api/assessments/${assessmentId}/candidates`, {
      candidates: people,
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.summary).toEqual({ total: 2, invited: 2, failed: 0 });
    expect(invited.body.credits).toEqual({ charged: 2, balance: config.trialCredits - 2 });

    // The operator's view of the development outbox (no SMTP configured).
    const outbox = await fetch(`${base}/api/admin/outbox`, {
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(outbox.status).toBe(200);
    const messages: Json[] = ((await outbox.json()) as Json).messages.filter(
      (message: Json) => message.organizationId === organizationId,
    );
    expect(messages.map((message) => message.to).sort()).toEqual(people.map((person) => person.email).sort());
    const linkPattern = new RegExp(
      `${config.appUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/interview/([A-Za-z0-9_-]{43})`,
    );
    for (const message of messages) {
      expect(message).toMatchObject({ template: 'candidate-invitation', status: 'dev_outbox' });
      const token = linkPattern.exec(message.text)?.[1];
      expect(token, `a link in the email to ${message.to}`).toBeDefined();
      const candidate = invited.body.invited.find((entry: Json) => entry.email === message.to);
      expect(candidate.invitationLink).toBe(`${config.appUrl}/interview/${token}`);
      // The token opens this candidate's interview of this assessment, and nobody else's.
      const lookup = await resolveInvitationToken(platform.database.db, token ?? '');
      expect(lookup.ok).toBe(true);
      if (!lookup.ok) continue;
      expect(lookup.candidate).toMatchObject({ id: candidate.id, email: message.to, status: 'INVITED' });
      expect(lookup.assessment.id).toBe(assessmentId);
    }

    const after = await recruiter.request('GET', '/api/credits');
    expect(after.status).toBe(200);
    expect(after.body.balance).toBe(before.body.balance - 2);
    const deductions = after.body.entries.filter((entry: Json) => entry.kind === 'deduction');
    expect(deductions.map((entry: Json) => entry.candidateId).sort()).toEqual(
      invited.body.invited.map((entry: Json) => entry.id).sort(),
    );
  });
});
