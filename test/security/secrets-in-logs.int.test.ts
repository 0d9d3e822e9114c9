/**
 * Secrets never reach a log line. The whole platform (API, workers, sandbox in one process, real
 * PostgreSQL and Redis, the Anthropic SDK against the fake provider, nodemailer against a local SMTP
 * server) runs with the production logger (src/platform/logger.ts: redaction, serializers) at
 * level debug, writing to a file. A full flow then handles every kind of secret the platform knows,
 * success and failure paths alike: passwords (sign-up, wrong sign-in, reset, teammate join), session
 * cookies and CSRF tokens, an organization API key, the operator token, invitation, join, reset and
 * share tokens (some travel in URLs), the candidate credential `ilmc_…` (HTTP and WebSocket), the
 * Paddle webhook secret, the LLM API key, the SMTP password inside SMTP_URL and the database
 * password inside DATABASE_URL. Finally the log file is scanned for each secret as written, URL-
 * encoded and base64-encoded (SMTP AUTH sends base64).
 *
 * The log must also prove that it saw the traffic (request lines with their URLs, debug lines),
 * otherwise an empty file would pass.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/env.ts';
import { type RunningPlatform, startPlatform } from '../../src/main.ts';
import { signPaddleBody } from '../../src/modules/billing/paddle.ts';
import { createLogger, type Logger } from '../../src/platform/logger.ts';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { createBrowserClient } from '../support/browser-client.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { type FakeSmtpServer, startFakeSmtpServer } from '../support/fake-smtp-server.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis.ts';
import { testRedisUrl } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

/** A value nobody else would print: easy to find in a log, impossible to match by chance. */
const secretValue = (label: string) => `${label}${randomBytes(12).toString('hex')}`;

/** Secrets we choose; the ones the server generates are collected during the flow. */
const chosen = {
  signupPassword: secretValue('SignupPw'),
  wrongPassword: secretValue('WrongPw'),
  resetPassword: secretValue('ResetPw'),
  joinPassword: secretValue('JoinPw'),
  operatorToken: secretValue('OperatorTok'),
  sessionSecret: secretValue('SessionSecret'),
  paddleSecret: secretValue('pdl_ntfset_'),
  llmApiKey: secretValue('sk-ant-api03-'),
  smtpPassword: secretValue('SmtpPw'),
  databasePassword: secretValue('DbPw'),
};
const generated = new Map<string, string>();
const remember = (label: string, value: string | undefined | null) => {
  if (!value) throw new Error(`the flow did not yield ${label}`);
  generated.set(label, value);
  return value;
};

const prefix = uniquePrefix('logs');
let logFile: string;
let logger: Logger;
let platform: RunningPlatform;
let llm: FakeLlmServer;
let smtp: FakeSmtpServer;
let dropDatabase: () => Promise<void>;
let base: string;

/** Any 2xx: the flow only needs each step to have worked. */
const succeeded = (status: number) => status >= 200 && status < 300;

/** A browser-like client of this test's platform. */
function browser() {
  return createBrowserClient(base);
}

async function call(method: string, pathName: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${base}${pathName}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** The token in the last mail the fake SMTP server received that matches `pattern`. */
function tokenFromMail(pattern: RegExp): string | undefined {
  for (const message of [...smtp.messages].reverse()) {
    // Quoted-printable soft line breaks would split a long token.
    const data = message.data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const match = pattern.exec(data);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

beforeAll(async () => {
  llm = await startFakeLlmServer();
  // Every model call answers; evaluation reviews and chat alike.
  llm.respondWith('anthropic', () => ({ text: 'A helpful answer from the model.' }));
  smtp = await startFakeSmtpServer();
  const database = await createEmptyDatabase();
  dropDatabase = database.drop;
  // The test server trusts local connections, so the password is accepted and ignored by PostgreSQL;
  // it still travels through config, the pg pool and any error message that names the URL.
  const databaseUrl = new URL(database.url);
  databaseUrl.password = chosen.databasePassword;
  if (!databaseUrl.username) databaseUrl.username = 'postgres';
  const smtpUrl = new URL(smtp.url);
  smtpUrl.username = 'mailer';
  smtpUrl.password = chosen.smtpPassword;
  const port = await findFreePort();
  base = `http://127.0.0.1:${port}`;
  logFile = path.join(mkdtempSync(path.join(tmpdir(), 'ilm-logs-')), 'platform.log');
  logger = createLogger({ level: 'debug', name: 'secrets-in-logs', destination: logFile });
  const config = loadConfig({
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: base,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-logs-data-')),
    OPERATOR_TOKEN: chosen.operatorToken,
    SESSION_SECRET: chosen.sessionSecret,
    PADDLE_WEBHOOK_SECRET: chosen.paddleSecret,
    LLM_PROVIDER: 'anthropic',
    ANTHROPIC_API_KEY: chosen.llmApiKey,
    ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
    SMTP_URL: smtpUrl.toString(),
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'debug',
    SHUTDOWN_TIMEOUT_MS: '5000',
    PATH: process.env.PATH,
  });
  platform = await startPlatform({ config, role: 'all', logger });
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await deleteKeysWithPrefix(prefix);
  await dropDatabase?.();
  await llm?.close();
  await smtp?.close();
}, 120_000);

describe('secrets in logs', () => {
  it('logs a full flow at debug level without any secret in it', async () => {
    const owner = browser();
    const ownerEmail = `owner-${randomBytes(4).toString('hex')}@example.test`;

    // Accounts: sign up, a wrong password, sign in, the CSRF token of the session.
    const signup = await owner.request('POST', '/api/auth/signup', {
      email: ownerEmail,
      password: chosen.signupPassword,
      name: 'Owner',
      organizationName: 'Logs Inc',
    });
    expect(signup.status, signup.text).toSatisfy(succeeded);
    expect(
      (
        await browser().request('POST', '/api/auth/signin', {
          email: ownerEmail,
          password: chosen.wrongPassword,
        })
      ).status,
    ).toBe(401);
    const signin = await owner.request('POST', '/api/auth/signin', {
      email: ownerEmail,
      password: chosen.signupPassword,
    });
    expect(signin.status, signin.text).toSatisfy(succeeded);
    remember('session cookie', owner.cookie.split('=')[1]);
    remember('CSRF token', owner.csrfToken);
    expect((await owner.request('GET', '/api/auth/me')).status).toSatisfy(succeeded);
    // A cookie mutation with a wrong CSRF token (refused, and its header must not be logged).
    expect(
      (
        await owner.request(
          'POST',
          '/api/api-keys',
          { name: 'x' },
          { 'x-csrf-token': 'wrong-csrf-token-value' },
        )
      ).status,
    ).toBe(403);

    // An API key: created, used for a read and a mutation, and a wrong one.
    const key = await owner.request('POST', '/api/api-keys', { name: 'ci' });
    expect(key.status, key.text).toSatisfy(succeeded);
    const apiKey = remember('API key', key.body.key);
    expect((await call('GET', '/api/assessments', { authorization: `Bearer ${apiKey}` })).status).toSatisfy(
      succeeded,
    );
    expect((await call('GET', '/api/assessments', { authorization: `Bearer ${apiKey}x` })).status).toBe(401);

    // An assessment, published, a candidate invited by email (SMTP with its password).
    const created = await call(
      'POST',
      '/api/assessments',
      { authorization: `Bearer ${apiKey}` },
      { title: 'Logs', role: 'backend', seniority: 'mid', durationMinutes: 60, languages: ['python'] },
    );
    expect(created.status, created.text).toSatisfy(succeeded);
    const assessmentId: string = JSON.parse(created.text).assessment.id;
    expect((await owner.request('POST', `/api/assessments/${assessmentId}/publish`, {})).status).toSatisfy(
      succeeded,
    );
    const invited = await owner.request('POST', `/api/assessments/${assessmentId}/candidates`, {
      email: `cand-${randomBytes(4).toString('hex')}@example.test`,
      name: 'Cand',
    });
    expect(invited.status, invited.text).toSatisfy(succeeded);
    const candidateId: string = invited.body.invited[0].id;
    const invitationToken = remember(
      'invitation token',
      String(invited.body.invited[0].invitationLink).split('/').at(-1),
    );
    await waitFor(async () => (smtp.messages.length > 0 ? true : undefined), 'the invitation email', 30_000);

    // The candidate: the page and the intro (token in the URL), start, the credential everywhere.
    expect((await call('GET', `/interview/${invitationToken}`, { accept: 'text/html' })).status).toSatisfy(
      succeeded,
    );
    expect((await call('GET', `/api/interview/start/${invitationToken}`, {})).status).toSatisfy(succeeded);
    const start = await call('POST', `/api/interview/start/${invitationToken}`, {}, { consent: true });
    expect(start.status, start.text).toSatisfy(succeeded);
    const { sessionId, credential } = JSON.parse(start.text) as { sessionId: string; credential: string };
    remember('candidate credential', credential);
    const candidate = { authorization: `Bearer ${credential}` };
    expect((await call('GET', `/api/interview/${sessionId}`, candidate)).status).toSatisfy(succeeded);
    expect(
      (
        await call('PUT', `/api/interview/${sessionId}/file`, candidate, {
          path: 'notes.txt',
          content: 'plan',
        })
      ).status,
    ).toSatisfy(succeeded);
    expect((await call('POST', `/api/interview/${sessionId}/run`, candidate, {})).status).toSatisfy(
      succeeded,
    );
    expect(
      (
        await call('POST', `/api/interview/${sessionId}/events/batch`, candidate, {
          events: [{ clientSeq: 1, type: 'integrity.focus_lost', data: {} }],
        })
      ).status,
    ).toSatisfy(succeeded);
    // The assistant: the LLM API key goes to the provider on every call.
    const chat = await call('POST', `/api/interview/${sessionId}/chat`, candidate, {
      message: 'How do I start?',
    });
    expect(chat.status, chat.text).toSatisfy(succeeded);
    expect(llm.requests('anthropic').map((request) => request.headers.authorization)).toContain(
      `Bearer ${chosen.llmApiKey}`,
    );
    // A wrong credential, and the terminal's WebSocket whose subprotocol carries the credential.
    expect(
      (
        await call('GET', `/api/interview/${sessionId}`, {
          authorization: 'Bearer ilmc_notavalidcredential000',
        })
      ).status,
    ).toBe(401);
    await new Promise<void>((resolve) => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/api/interview/${sessionId}/terminal`, [
        'interviewlm',
        credential,
      ]);
      const done = () => {
        socket.terminate();
        resolve();
      };
      socket.on('open', () => {
        socket.send(JSON.stringify({ type: 'input', data: 'echo hi\n' }));
        setTimeout(done, 500);
      });
      socket.on('error', done);
      socket.on('unexpected-response', done);
    });
    expect((await call('POST', `/api/interview/${sessionId}/finish`, candidate, {})).status).toSatisfy(
      succeeded,
    );

    // The report: a share link whose token travels in URLs.
    const share = await owner.request('POST', `/api/candidates/${candidateId}/report/share`, {
      expiresInHours: 1,
    });
    expect(share.status, share.text).toSatisfy(succeeded);
    const shareToken = remember('share token', share.body.token);
    expect((await call('GET', `/api/reports/shared/${shareToken}`, {})).status).toSatisfy(succeeded);
    expect((await call('GET', `/api/reports/shared/${shareToken}/html`, {})).status).toSatisfy(succeeded);

    // A teammate: invitation link (/join?token=…), the page, and acceptance with a password.
    const teammate = await owner.request('POST', '/api/members/invitations', {
      email: `mate-${randomBytes(4).toString('hex')}@example.test`,
      role: 'VIEWER',
    });
    expect(teammate.status, teammate.text).toSatisfy(succeeded);
    const joinToken = remember('join token', new URL(teammate.body.link).searchParams.get('token'));
    expect((await call('GET', `/join?token=${joinToken}`, { accept: 'text/html' })).status).toSatisfy(
      succeeded,
    );
    const accepted = await call(
      'POST',
      '/api/members/invitations/accept',
      {},
      { token: joinToken, password: chosen.joinPassword, name: 'Mate' },
    );
    expect(accepted.status, accepted.text).toBeLessThan(300);

    // Password reset: the link arrives by email, the page carries the token, confirm sets a new password.
    const mailsBefore = smtp.messages.length;
    expect((await call('POST', '/api/auth/password-reset/request', {}, { email: ownerEmail })).status).toBe(
      202,
    );
    await waitFor(
      async () => (smtp.messages.length > mailsBefore ? true : undefined),
      'the reset email',
      30_000,
    );
    const resetToken = remember('reset token', tokenFromMail(/reset-password\?token=([A-Za-z0-9_-]+)/));
    expect(
      (await call('GET', `/reset-password?token=${resetToken}`, { accept: 'text/html' })).status,
    ).toSatisfy(succeeded);
    expect(
      (
        await call(
          'POST',
          '/api/auth/password-reset/confirm',
          {},
          { token: resetToken, password: chosen.resetPassword },
        )
      ).status,
    ).toSatisfy(succeeded);

    // Operators: the token (and a wrong one), as a bearer and as Basic in a browser.
    expect(
      (await call('GET', '/api/admin/dlq', { authorization: `Bearer ${chosen.operatorToken}` })).status,
    ).toSatisfy(succeeded);
    expect(
      (await call('GET', '/api/admin/dlq', { authorization: `Bearer ${chosen.operatorToken}x` })).status,
    ).toBe(403);
    const basic = Buffer.from(`admin:${chosen.operatorToken}`).toString('base64');
    expect((await call('GET', '/metrics', { authorization: `Basic ${basic}` })).status).toSatisfy(succeeded);

    // Paddle: a signed webhook and a forged one.
    const event = JSON.stringify({
      event_id: `evt_${randomBytes(8).toString('hex')}`,
      event_type: 'subscription.created',
      occurred_at: new Date().toISOString(),
      data: {},
    });
    const signed = await fetch(`${base}/api/webhooks/paddle`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'paddle-signature': signPaddleBody(event, chosen.paddleSecret, Date.now() / 1000),
      },
      body: event,
    });
    expect(signed.status).toBeLessThan(300);
    const forged = await fetch(`${base}/api/webhooks/paddle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'paddle-signature': 'ts=1;h1=00' },
      body: event,
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);

    // The reset signed every session out: sign in with the new password, then sign out (the new
    // cookie and CSRF token travel once more). Stopping writes every pending line.
    const again = browser();
    expect(
      (await again.request('POST', '/api/auth/signin', { email: ownerEmail, password: chosen.resetPassword }))
        .status,
    ).toSatisfy(succeeded);
    remember('second session cookie', again.cookie.split('=')[1]);
    remember('second CSRF token', again.csrfToken);
    expect((await again.request('POST', '/api/auth/signout', {})).status).toSatisfy(succeeded);
    await platform.stop();
    logger.flush();

    const log = readFileSync(logFile, 'utf8');
    // The log saw the traffic: request lines with their (redacted) URLs, debug lines, errors.
    expect(log).toContain('"msg":"incoming request"');
    expect(log).toContain('"level":20');
    expect(log).toContain(`/api/interview/${sessionId}/run`);

    const secrets = new Map<string, string>([...Object.entries(chosen), ...generated]);
    const leaks: string[] = [];
    for (const [label, value] of secrets) {
      const forms = new Set([
        value,
        encodeURIComponent(value),
        Buffer.from(value).toString('base64').replace(/=+$/, ''),
      ]);
      for (const form of forms) {
        const at = log.indexOf(form);
        if (at !== -1) {
          const line = log.slice(log.lastIndexOf('\n', at) + 1, log.indexOf('\n', at));
          leaks.push(`${label} in: ${line.slice(0, 400)}`);
        }
      }
    }
    // SMTP AUTH PLAIN sends base64("\0user\0password"): check that form too.
    const plain = Buffer.from(`\u0000mailer\u0000${chosen.smtpPassword}`)
      .toString('base64')
      .replace(/=+$/, '');
    if (log.includes(plain)) leaks.push('SMTP AUTH PLAIN credentials');
    expect(leaks).toEqual([]);
    // Tokens in URLs are replaced, not the requests dropped from the log.
    expect(log).toContain('/api/interview/start/[redacted]');
    expect(log).toContain('/interview/[redacted]');
    expect(log).toContain('/api/reports/shared/[redacted]/html');
    expect(log).toContain('/join?token=[redacted]');
    expect(log).toContain('/reset-password?token=[redacted]');
  }, 180_000);
});
