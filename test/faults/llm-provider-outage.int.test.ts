/**
 * Fault: the LLM provider is unreachable, then answers too slowly, then comes back. The platform
 * (API and workers in one process) talks to it with the real Anthropic SDK through a relay that
 * the test can cut, in front of the scripted fake provider. The candidate's AI chat ends with a
 * clear SSE `error` event, never later than the configured timeout; the evaluation falls back to
 * the deterministic methods with lower confidence instead of failing or scoring 0; once the
 * provider is back, chat and the LLM review work again without a restart.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateRecording, loadRecording, SCORING_VERSION } from '../../src/modules/evaluation/index.ts';
import type { Database } from '../../src/platform/db/client.ts';
import { evaluations } from '../../src/platform/db/schema/index.ts';
import { type InterviewPlatform, startInterviewPlatform } from '../interview/support.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import {
  attempt,
  completeSession,
  createCandidateSession,
  reportRecovery,
  type SwitchableRelay,
  since,
  startSwitchableRelay,
  waitFor,
} from './support.ts';

const TIMEOUT_MS = 3_000;
const review = JSON.stringify({
  dimensions: ['code_quality', 'problem_solving', 'ai_collaboration', 'communication'].map((name) => ({
    name,
    evidence: [`${name}: as recorded`],
    score: 55,
  })),
  summary: 'Reviewed once the provider was back.',
});
let llm: FakeLlmServer;
let relay: SwitchableRelay;
let env: InterviewPlatform;
let db: Database;

beforeAll(async () => {
  llm = await startFakeLlmServer();
  relay = await startSwitchableRelay(llm.url);
  env = await startInterviewPlatform({
    llm,
    env: {
      ANTHROPIC_BASE_URL: relay.url,
      LLM_TIMEOUT_MS: String(TIMEOUT_MS),
      // One attempt per call, so the outage is seen at once (the SDK would retry 2 times by default).
      LLM_MAX_RETRIES: '0',
    },
  });
  db = env.platform.database.db;
}, 60_000);

afterAll(async () => {
  await env?.stop();
  await relay?.close();
  await llm?.close();
});

interface Frame {
  type: string;
  [key: string]: unknown;
}

/** Sends one chat message; resolves with the SSE frames received and how long the answer took. */
async function chat(session: { sessionId: string; auth: Record<string, string> }, message: string) {
  const outcome = await attempt(`${env.url}/api/interview/${session.sessionId}/chat`, {
    method: 'POST',
    headers: session.auth,
    body: { message },
    // Far beyond the configured timeout: a hang shows as a network error here, not as a pass.
    timeoutMs: 30_000,
  });
  const frames: Frame[] =
    typeof outcome.body === 'string'
      ? outcome.body
          .split('\n\n')
          .map((frame) => frame.split('\n').find((line) => line.startsWith('data: ')))
          .filter((line): line is string => line !== undefined)
          .map((line) => JSON.parse(line.slice('data: '.length)) as Frame)
      : [];
  return { status: outcome.status, frames, ms: outcome.ms };
}

async function evaluationOf(sessionId: string) {
  return waitFor(
    async () => {
      const [row] = await db.select().from(evaluations).where(eq(evaluations.sessionId, sessionId));
      return row?.status === 'completed' ? row : undefined;
    },
    `the evaluation of ${sessionId}`,
    30_000,
  );
}

async function evaluate(session: { sessionId: string; candidateId: string }) {
  await completeSession(db, session);
  await env.platform.queues.enqueue(
    'evaluation-agent',
    { version: 1, sessionId: session.sessionId, scoringVersion: SCORING_VERSION },
    { jobId: `evaluation-${session.sessionId}-${SCORING_VERSION}` },
  );
  return evaluationOf(session.sessionId);
}

it('gives a clear chat error and a deterministic evaluation while the provider is down or slow, and recovers', async () => {
  const talker = await createCandidateSession(db);

  // Provider unreachable: the port is closed.
  await relay.down();
  const down = await chat(talker, 'How do I start?');
  expect(down.status).toBe(200);
  expect(down.frames.at(-1)).toMatchObject({
    type: 'error',
    code: 'UNAVAILABLE',
    message: 'The AI provider could not be reached',
  });
  expect(down.ms).toBeLessThan(TIMEOUT_MS + 5_000);
  reportRecovery('LLM provider down and slow', 'chat error event (provider unreachable) sent', down.ms);

  // The evaluation meanwhile: the review cannot be had, the deterministic scores stand with 85 %
  // of their confidence — the same scores as the deterministic methods alone, never a 0.
  const finished = await createCandidateSession(db);
  const fallback = await evaluate(finished);
  expect(fallback.llm).toBeNull();
  const recording = await loadRecording(db, finished.sessionId);
  if (!recording) throw new Error('no recording');
  const deterministic = await evaluateRecording(recording, {});
  expect(fallback.dimensions?.map((dimension) => [dimension.name, dimension.score])).toEqual(
    deterministic.dimensions.map((dimension) => [dimension.name, dimension.score]),
  );
  for (const dimension of fallback.dimensions ?? []) {
    const alone = deterministic.dimensions.find((entry) => entry.name === dimension.name);
    expect(dimension.confidence).toBe(Math.round((alone?.confidence ?? 0) * 85) / 100);
    expect(dimension.confidence).toBeGreaterThan(0);
  }
  expect(fallback.confidence ?? 0).toBeLessThan(deterministic.confidence);
  expect(fallback.confidence ?? 0).toBeGreaterThan(0);

  // Provider reachable but slow: no answer within LLM_TIMEOUT_MS. The candidate hears so then.
  await relay.up();
  llm.enqueue('anthropic', { delayMs: 20_000, text: 'too late' });
  const slow = await chat(talker, 'Are you there?');
  expect(slow.frames.at(-1)).toMatchObject({
    type: 'error',
    code: 'UNAVAILABLE',
    message: `The AI provider did not answer within ${TIMEOUT_MS / 1000} s`,
  });
  expect(slow.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
  expect(slow.ms).toBeLessThan(TIMEOUT_MS + 5_000);
  reportRecovery(
    'LLM provider down and slow',
    `chat error event (no answer, timeout ${TIMEOUT_MS} ms) sent`,
    slow.ms,
  );

  // A stream that starts and then goes silent: what arrived is kept, then the same clear error.
  llm.enqueue('anthropic', { text: 'Start by reading the tests, then', stallMs: 20_000 });
  const stalled = await chat(talker, 'And then?');
  expect(stalled.frames.map((frame) => frame.type)).toContain('content');
  expect(stalled.frames.at(-1)).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
  expect(stalled.ms).toBeLessThan(TIMEOUT_MS + 5_000);

  // The provider answers again: the next message works (4 failures so far: the breaker, which
  // opens at 5, stayed closed) and the evaluation gets its review. No restart in between.
  const backAt = performance.now();
  llm.enqueue('anthropic', { text: 'Welcome back: start with the failing test.' }, { text: review });
  const back = await chat(talker, 'Hello again');
  expect(back.frames.map((frame) => frame.type)).toEqual(expect.arrayContaining(['content', 'done']));
  expect(back.frames.some((frame) => frame.type === 'error')).toBe(false);
  reportRecovery(
    'LLM provider down and slow',
    'chat answered again once the provider was back',
    since(backAt),
  );
  const reviewed = await evaluate(await createCandidateSession(db));
  expect(reviewed.llm).toMatchObject({ provider: 'anthropic' });
  expect(reviewed.details?.summary).toBe('Reviewed once the provider was back.');
  reportRecovery('LLM provider down and slow', 'chat and the LLM review working again', since(backAt));
  expect(since(backAt)).toBeLessThan(20_000);
}, 90_000);
