/**
 * A whole platform for interview tests (API, workers and the sandbox in one process, real
 * PostgreSQL and Redis, the LLM SDK pointed at the fake provider), a recruiter who publishes an
 * assessment and invites candidates, and a candidate client that keeps every response body it
 * received (the leak check scans them).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/env.ts';
import { type RunningPlatform, startPlatform } from '../../src/main.ts';
import { findFreePort } from '../../src/platform/redis/embedded-server.ts';
import { createTestMember, type TestMember } from '../support/accounts.ts';
import { createEmptyDatabase } from '../support/database.ts';
import type { FakeLlmServer } from '../support/fake-llm-server.ts';
import { testLogger } from '../support/logger.ts';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis.ts';
import { testRedisUrl } from '../support/services.ts';

/** A started platform and how to stop it. */
export interface InterviewPlatform {
  platform: RunningPlatform;
  url: string;
  owner: TestMember;
  stop(): Promise<void>;
}

/** Starts everything in one process against a fresh database. */
export async function startInterviewPlatform(
  options: { llm?: FakeLlmServer; env?: Record<string, string> } = {},
) {
  const database = await createEmptyDatabase();
  const prefix = uniquePrefix('interview');
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(await findFreePort()),
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ilm-interview-')),
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
    // A job still active at teardown (an evaluation on a loaded CI box) must not hold the hook.
    SHUTDOWN_TIMEOUT_MS: '5000',
    PATH: process.env.PATH,
    ...(options.llm
      ? {
          LLM_PROVIDER: 'anthropic',
          ANTHROPIC_API_KEY: 'test-key',
          ANTHROPIC_BASE_URL: options.llm.anthropicBaseUrl,
        }
      : { LLM_PROVIDER: 'offline' }),
    ...options.env,
  });
  const platform = await startPlatform({ config, role: 'all', logger: testLogger });
  const owner = await createTestMember(platform.database.db, { role: 'OWNER' });
  return {
    platform,
    url: platform.url ?? '',
    owner,
    async stop() {
      await platform.stop();
      await deleteKeysWithPrefix(prefix);
      await database.drop();
    },
  } satisfies InterviewPlatform;
}

/** JSON request helper; resolves with status and parsed body (text kept for scanning). */
export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, each test checks the fields it reads
): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (SSE): keep the text
  }
  return { status: response.status, body, text };
}

/** Creates and publishes an assessment as `owner`, invites `count` candidates; resolves with their tokens. */
export async function publishAndInvite(
  env: InterviewPlatform,
  options: { count: number; questionCount?: number; durationMinutes?: number; aiPolicy?: string } = {
    count: 1,
  },
): Promise<{ assessmentId: string; invitations: Array<{ candidateId: string; token: string }> }> {
  const created = await call(`${env.url}/api/assessments`, {
    method: 'POST',
    headers: env.owner.headers(true),
    body: {
      title: 'Scripted interview',
      role: 'backend',
      seniority: 'mid',
      durationMinutes: options.durationMinutes ?? 60,
      languages: ['python'],
      aiPolicy: options.aiPolicy ?? 'pair_programming',
      questionPlan: { count: options.questionCount ?? 2 },
    },
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const assessmentId = created.body.assessment.id as string;
  const published = await call(`${env.url}/api/assessments/${assessmentId}/publish`, {
    method: 'POST',
    headers: env.owner.headers(true),
    body: {},
  });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  const invited = await call(`${env.url}/api/assessments/${assessmentId}/candidates`, {
    method: 'POST',
    headers: env.owner.headers(true),
    body: {
      candidates: Array.from({ length: options.count }, (_, index) => ({
        email: `candidate-${index}-${Date.now()}@example.test`,
        name: `Candidate ${index}`,
      })),
      sendEmail: false,
    },
  });
  if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${invited.text}`);
  return {
    assessmentId,
    invitations: (invited.body.invited as Array<{ id: string; invitationLink: string }>).map((entry) => ({
      candidateId: entry.id,
      token: entry.invitationLink.split('/').at(-1) ?? '',
    })),
  };
}

/** A candidate's HTTP client that records every response body it received. */
export function candidateClient(baseUrl: string) {
  const received: string[] = [];
  let credential: string | undefined;
  let sessionId: string | undefined;
  const request = async (
    pathName: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await call(`${baseUrl}${pathName}`, {
      ...init,
      headers: { ...(credential ? { authorization: `Bearer ${credential}` } : {}), ...init.headers },
    });
    received.push(response.text);
    return response;
  };
  return {
    received,
    request,
    get sessionId() {
      return sessionId ?? '';
    },
    get credential() {
      return credential ?? '';
    },
    async start(token: string, body: unknown = { consent: true }) {
      const response = await request(`/api/interview/start/${token}`, { method: 'POST', body });
      if (response.status === 201 || response.status === 200) {
        credential = response.body.credential;
        sessionId = response.body.sessionId;
      }
      return response;
    },
    session: (suffix = '', init: { method?: string; body?: unknown } = {}) =>
      request(`/api/interview/${sessionId}${suffix}`, init),
  };
}
