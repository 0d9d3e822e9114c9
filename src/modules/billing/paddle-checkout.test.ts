/**
 * Paddle.js checkout settings and the web app's Content-Security-Policy: with a client-side token,
 * the page policy admits exactly Paddle's hosts of that environment; without one, no Paddle origin
 * (nor a frame-src) appears at all. Over a real fastify server and registerWebApp.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogger } from '../../../test/support/logger.ts';
import { createHttpServer } from '../../platform/http/server.ts';
import { registerWebApp, WEB_APP_CSP } from '../../platform/http/web-app.ts';
import { type PaddleEnvironment, paddleCheckoutSettings, paddleCspSources } from './paddle-checkout.ts';

const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'ilm-paddle-csp-'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
});
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

/** The CSP of the settings page as served with `environment`'s Paddle sources (or none). */
async function settingsPagePolicy(
  environment: PaddleEnvironment | undefined,
): Promise<Map<string, string[]>> {
  const app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  try {
    await registerWebApp(app, {
      distDir: dist,
      cspAdditions: environment ? paddleCspSources(environment) : undefined,
    });
    const response = await app.inject({ url: '/settings?tab=credits', headers: browser });
    expect(response.statusCode).toBe(200);
    const header = String(response.headers['content-security-policy']);
    return new Map(
      header.split(';').map((directive) => {
        const [name = '', ...sources] = directive.trim().split(/\s+/);
        return [name, sources] as const;
      }),
    );
  } finally {
    await app.close();
  }
}

describe('Paddle checkout settings', () => {
  it('takes the environment from the client-side token, and nothing when none is set', () => {
    expect(paddleCheckoutSettings(undefined)).toBeUndefined();
    expect(paddleCheckoutSettings('')).toBeUndefined();
    expect(paddleCheckoutSettings('test_7d279f61a3499fed520f7cd8c08')).toEqual({
      clientToken: 'test_7d279f61a3499fed520f7cd8c08',
      environment: 'sandbox',
    });
    expect(paddleCheckoutSettings('live_7d279f61a3499fed520f7cd8c08')?.environment).toBe('production');
    // An API key (or anything else) must never reach the browser.
    expect(() => paddleCheckoutSettings('pdl_live_apikey_01abc')).toThrow(/client-side token/);
  });
});

describe("the web app's Content-Security-Policy", () => {
  it('admits no Paddle origin when checkout is not configured', async () => {
    const policy = await settingsPagePolicy(undefined);
    expect([...policy.entries()].map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')).toBe(
      WEB_APP_CSP,
    );
    expect(policy.has('frame-src')).toBe(false);
    expect(WEB_APP_CSP).not.toContain('paddle');
  });

  it('admits exactly the production hosts of Paddle.js with a live token', async () => {
    const policy = await settingsPagePolicy('production');
    expect(policy.get('script-src')).toEqual(["'self'", 'https://cdn.paddle.com']);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'", 'https://cdn.paddle.com']);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://cdn.paddle.com']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:', 'https://api.paddle.com']);
    expect(policy.get('frame-src')).toEqual([
      'https://cdn.paddle.com',
      'https://buy.paddle.com',
      'https://create-checkout.paddle.com',
    ]);
    // Nothing else moves: the page still cannot be framed, and no sandbox host is admitted.
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect([...policy.values()].flat().some((source) => source.includes('sandbox'))).toBe(false);
  });

  it('admits exactly the sandbox hosts of Paddle.js with a test token', async () => {
    const policy = await settingsPagePolicy('sandbox');
    expect(policy.get('script-src')).toEqual([
      "'self'",
      'https://cdn.paddle.com',
      'https://sandbox-cdn.paddle.com',
    ]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:', 'https://sandbox-api.paddle.com']);
    expect(policy.get('frame-src')).toEqual([
      'https://sandbox-cdn.paddle.com',
      'https://sandbox-buy.paddle.com',
      'https://sandbox-create-checkout.paddle.com',
    ]);
    expect(policy.get('frame-src')).not.toContain('https://buy.paddle.com');
  });
});
