/**
 * Security headers on what the server answers, on the real platform (startPlatform, role api):
 * the SPA's HTML (its own Content-Security-Policy, WEB_APP_CSP), API JSON, error answers, the
 * built app's static files, the report HTML export (REPORT_HTML_CSP) and the API docs.
 *
 * The CSP checks are by directive, not by exact string, so that allowed additions (a payment
 * provider's script or frame origin) pass while anything that re-opens script injection fails:
 * 'unsafe-inline' or 'unsafe-eval' scripts, wildcard or data: script sources, a missing
 * frame-ancestors 'none', object-src or base-uri.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../src/main.ts';
import { defaultWebDist } from '../../src/platform/http/web-app.ts';
import { createTestMember } from '../support/accounts.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

let platform: RunningPlatform;
let base: string;
let api: TestApi;

/** A Content-Security-Policy as directive → sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** What every policy serving our HTML or JSON must hold: no script injection, no framing, no plugins. */
function expectStrictPolicy(header: string | null, where: string) {
  const csp = parseCsp(header);
  expect(header, `${where}: a Content-Security-Policy`).toBeTruthy();
  const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
  expect(scripts.length, `${where}: scripts are restricted`).toBeGreaterThan(0);
  for (const source of scripts) {
    expect(
      ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:', 'blob:'],
      `${where}: script-src ${source}`,
    ).not.toContain(source);
  }
  expect(csp.get('frame-ancestors'), `${where}: frame-ancestors`).toEqual(["'none'"]);
  expect(csp.get('object-src') ?? csp.get('default-src'), `${where}: object-src`).toEqual(
    expect.arrayContaining([expect.stringMatching(/^'(none|self)'$/)]),
  );
  expect(csp.get('base-uri'), `${where}: base-uri`).toEqual(
    expect.arrayContaining([expect.stringMatching(/^'(none|self)'$/)]),
  );
}

/** Headers every answer carries (helmet), whatever its type. */
function expectCommonHeaders(response: Response, where: string) {
  expect(response.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(response.headers.get('x-frame-options'), where).toMatch(/^(DENY|SAMEORIGIN)$/);
  expect(response.headers.get('referrer-policy'), where).toMatch(
    /^(no-referrer|same-origin|strict-origin(-when-cross-origin)?)$/,
  );
  // HSTS: browsers honour it only over HTTPS (behind the TLS proxy), and ignore it over plain HTTP,
  // so sending it always is safe. At least 180 days, as the HSTS preload rules ask.
  const hsts = response.headers.get('strict-transport-security') ?? '';
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0), `${where}: HSTS max-age`).toBeGreaterThanOrEqual(
    15_552_000,
  );
  expect(response.headers.get('x-powered-by'), where).toBeNull();
  expect(response.headers.get('permissions-policy'), where).toBe(
    'camera=(), microphone=(), geolocation=(), usb=()',
  );
}

beforeAll(async () => {
  api = await startTestApi('headers', { RATE_LIMIT_PER_MINUTE: '100000' });
  platform = api.platform;
  base = api.base;
}, 60_000);

afterAll(async () => {
  await api?.stop();
}, 60_000);

describe('security headers', () => {
  it('serves the SPA (any page, an interview link) with its strict policy', async () => {
    for (const page of ['/', '/interview/some-token', '/settings']) {
      const response = await fetch(`${base}${page}`, { headers: { accept: 'text/html' } });
      await response.arrayBuffer();
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-type'), page).toMatch(/^text\/html/);
      expectStrictPolicy(response.headers.get('content-security-policy'), `SPA ${page}`);
      const csp = parseCsp(response.headers.get('content-security-policy'));
      expect(csp.get('default-src'), page).toEqual(["'self'"]);
      expect(csp.get('form-action'), page).toEqual(expect.arrayContaining(["'self'"]));
      expectCommonHeaders(response, `SPA ${page}`);
    }
  });

  it('serves API JSON, errors and sign-in answers with the headers and a policy that runs nothing', async () => {
    const member = await createTestMember(platform.database.db, { role: 'OWNER' });
    for (const [what, request] of [
      ['health', fetch(`${base}/api/health`)],
      ['401', fetch(`${base}/api/assessments`)],
      ['404', fetch(`${base}/api/no-such-route`)],
      ['me', fetch(`${base}/api/auth/me`, { headers: member.headers() })],
    ] as const) {
      const response = await request;
      await response.arrayBuffer();
      expect(response.headers.get('content-type'), what).toMatch(/^application\/json/);
      expectStrictPolicy(response.headers.get('content-security-policy'), `API ${what}`);
      expectCommonHeaders(response, `API ${what}`);
    }
  });

  it('serves the built app’s static files with nosniff and their real type', async () => {
    const assets = path.join(defaultWebDist, 'assets');
    // The build is made by `npm start` or `npm run build:web`; without it there is nothing to serve.
    if (!existsSync(assets)) return;
    const script = readdirSync(assets).find((name) => name.endsWith('.js'));
    if (!script) return;
    const response = await fetch(`${base}/assets/${script}`);
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expectCommonHeaders(response, 'static asset');
  });

  it('keeps the report HTML export to inline styles only: no script, no frame, no form, no base', async () => {
    const { REPORT_HTML_CSP } = await import('../../src/modules/reports/index.ts');
    const csp = parseCsp(REPORT_HTML_CSP);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src') ?? csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it('gives the API docs their own policy (swagger-ui, no inline scripts) and the common headers', async () => {
    const response = await fetch(`${base}/docs/`, { headers: { accept: 'text/html' } });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    const scripts = parseCsp(response.headers.get('content-security-policy')).get('script-src') ?? [];
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expectCommonHeaders(response, 'docs');
  });
});
