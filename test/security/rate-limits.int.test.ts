/**
 * Rate limits on every mutation. The real platform (startPlatform, role api, real PostgreSQL and
 * Redis) runs with a tiny global limit and TRUST_PROXY, so each check can play its own client
 * address (X-Forwarded-For) and get counters of its own.
 *
 * 1. Every non-GET route the server registers (its own route list, so a new route is covered the
 *    day it is added) answers with the limiter's `x-ratelimit-limit` header: the global limit, or
 *    the route's own stricter limit listed below. Routes without a limiter must be in
 *    `unlimitedMutations`, each with the reason; a listed route that gains a limiter fails too,
 *    so the list stays true.
 * 2. The limiter really refuses: a representative mutation (as an authenticated API key and as an
 *    anonymous caller) and sign-in (its own limit) answer 429 with Retry-After once over the limit,
 *    while another client address is still served; the counters live in Redis, shared by every
 *    API process.
 * 3. The event-batch route's own in-memory limiters (the one exception) refuse past their budget:
 *    per session, and per client address for calls with a wrong credential.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../src/main.ts';
import {
  createSessionRateLimiter,
  EVENT_BATCHES_PER_MINUTE,
  FAILED_BATCH_CREDENTIALS_PER_MINUTE,
} from '../../src/modules/interviews/interviews.routes.ts';
import { createTestApiKey, createTestMember } from '../support/accounts.ts';
import { testRedisUrl } from '../support/services.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

/** The global limit of this test's platform: small, so a handful of requests reach it. */
const GLOBAL_LIMIT = 5;

/** Mutations with a limit of their own, stricter than the global one (and why). */
const ownLimits: Record<string, { max: number; reason: string }> = {
  'POST /api/auth/signup': { max: 10, reason: 'password guessing and account spam (AUTH_RATE_LIMIT)' },
  'POST /api/auth/signin': { max: 10, reason: 'password guessing (AUTH_RATE_LIMIT), on top of the lockout' },
  'POST /api/auth/password-reset/request': { max: 10, reason: 'email flooding (AUTH_RATE_LIMIT)' },
  'POST /api/auth/password-reset/confirm': { max: 10, reason: 'token guessing (AUTH_RATE_LIMIT)' },
  'POST /api/members/invitations/accept': { max: 20, reason: 'token and password guessing' },
};

/** Mutations without the HTTP limiter, each with its written reason. */
const unlimitedMutations: Record<string, string> = {
  'POST /api/interview/:id/events/batch':
    'the hottest route (a browser sends a batch every 2 s): limited per session in process memory ' +
    '(createSessionRateLimiter, EVENT_BATCHES_PER_MINUTE) after the candidate credential is checked, ' +
    'instead of per IP in Redis; calls with a wrong credential are limited per client address ' +
    '(FAILED_BATCH_CREDENTIALS_PER_MINUTE).',
};

let platform: RunningPlatform;
let base: string;
let api: TestApi;

/** A client address of its own for one check (X-Forwarded-For, TRUST_PROXY=true): counters are per client. */
let clientCounter = 0;
const uniqueClient = () => `203.0.${Math.floor(++clientCounter / 250)}.${clientCounter % 250}`;

/** A concrete path for a route pattern: ids become UUIDs, tokens random, wildcards a plain segment. */
function concretePath(pattern: string): string {
  return pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') return 'x';
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      if (/token/i.test(name)) return randomBytes(32).toString('base64url');
      if (/id$/i.test(name)) return randomUUID();
      return 'x';
    })
    .join('/');
}

beforeAll(async () => {
  api = await startTestApi('ratelimit', { RATE_LIMIT_PER_MINUTE: String(GLOBAL_LIMIT), TRUST_PROXY: 'true' });
  platform = api.platform;
  base = api.base;
}, 60_000);

afterAll(async () => {
  await api?.stop();
}, 60_000);

describe('rate limits', () => {
  it('puts every mutation the server registers behind a limiter, except the listed ones', async () => {
    const mutations = [...new Set(platform.routes)].filter((route) => !route.startsWith('GET '));
    // Enough routes to be the real list (the API has dozens of mutations), not an empty one.
    expect(mutations.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const route of mutations) {
      const [method = 'POST', pattern = '/'] = route.split(' ');
      const withBody = method !== 'DELETE';
      const response = await fetch(`${base}${concretePath(pattern)}`, {
        method,
        headers: {
          'x-forwarded-for': uniqueClient(),
          ...(withBody ? { 'content-type': 'application/json' } : {}),
        },
        ...(withBody ? { body: '{}' } : {}),
      });
      await response.arrayBuffer();
      const limit = response.headers.get('x-ratelimit-limit');
      if (route in unlimitedMutations) {
        if (limit !== null) problems.push(`${route} is listed as unlimited but has a limit of ${limit}`);
        continue;
      }
      const expected = ownLimits[route]?.max ?? GLOBAL_LIMIT;
      if (limit !== String(expected))
        problems.push(`${route}: x-ratelimit-limit ${limit ?? 'missing'}, expected ${expected}`);
    }
    expect(problems).toEqual([]);
    // Every exception and own limit names a route that exists.
    for (const route of [...Object.keys(unlimitedMutations), ...Object.keys(ownLimits)])
      expect(mutations, route).toContain(route);
  }, 120_000);

  it('answers 429 with Retry-After to an API key over the global limit, and still serves other clients', async () => {
    const db = platform.database.db;
    const owner = await createTestMember(db, { role: 'OWNER' });
    const apiKey = await createTestApiKey(db, owner.organizationId);
    const client = uniqueClient();
    const create = (from: string) =>
      fetch(`${base}/api/assessments`, {
        method: 'POST',
        headers: { authorization: apiKey, 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({
          title: `Limited ${randomUUID().slice(0, 8)}`,
          role: 'backend',
          seniority: 'mid',
          durationMinutes: 60,
          languages: ['python'],
        }),
      });
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i <= GLOBAL_LIMIT; i++) {
      const response = await create(client);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([...Array(GLOBAL_LIMIT).fill(201), 429]);
    if (!refused) throw new Error('no 429 answer');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error?: { code?: string } }).error?.code).toBe('RATE_LIMITED');
    // Another client is not affected by this one's counter.
    expect((await create(uniqueClient())).status).toBe(201);
    // The counters live in Redis (shared by every API process), under this installation's prefix.
    const redis = new Redis(testRedisUrl);
    try {
      expect((await redis.keys(`${api.prefix}:rate-limit:*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('counts anonymous calls too: the limiter runs before authentication', async () => {
    const client = uniqueClient();
    const statuses: number[] = [];
    for (let i = 0; i <= GLOBAL_LIMIT; i++) {
      const response = await fetch(`${base}/api/api-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ name: 'nope' }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(GLOBAL_LIMIT).fill(401), 429]);
  });

  it('limits sign-in by its own budget, separate from the global one', async () => {
    const client = uniqueClient();
    const signIn = async () => {
      const response = await fetch(`${base}/api/auth/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        // A different unknown address each time: the account lockout never applies.
        body: JSON.stringify({ email: `nobody-${randomUUID()}@example.test`, password: 'not the password' }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    const max = ownLimits['POST /api/auth/signin']?.max ?? 0;
    const statuses: number[] = [];
    for (let i = 0; i <= max; i++) statuses.push(await signIn());
    // More than the global limit got through: sign-in has a budget of its own.
    expect(statuses).toEqual([...Array(max).fill(401), 429]);
  });
});

describe('the event-batch limiter (the listed exception)', () => {
  it('refuses a session past its budget within a minute, not another session, and resets after it', () => {
    let now = 1_000_000;
    const limiter = createSessionRateLimiter(EVENT_BATCHES_PER_MINUTE, () => now);
    for (let i = 0; i < EVENT_BATCHES_PER_MINUTE; i++) limiter.take('session-a');
    expect(() => limiter.take('session-a')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(() => limiter.take('session-b')).not.toThrow();
    now += 60_000;
    expect(() => limiter.take('session-a')).not.toThrow();
  });

  it('refuses a client address that keeps presenting wrong credentials, not another address', async () => {
    const sessionId = randomUUID();
    const guesser = uniqueClient();
    const postBatch = async (client: string) => {
      const response = await fetch(`${base}/api/interview/${sessionId}/events/batch`, {
        method: 'POST',
        headers: {
          'x-forwarded-for': client,
          authorization: `Bearer ilmc_${randomBytes(24).toString('base64url')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          events: [{ clientSeq: 1, type: 'ui.panel_opened', ts: new Date().toISOString(), data: {} }],
        }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    const statuses: number[] = [];
    for (let i = 0; i <= FAILED_BATCH_CREDENTIALS_PER_MINUTE; i++) statuses.push(await postBatch(guesser));
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
    expect(statuses.at(-1)).toBe(429);
    expect(await postBatch(uniqueClient())).toBe(401);
  }, 60_000);
});
