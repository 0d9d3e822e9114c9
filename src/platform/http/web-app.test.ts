/**
 * The web app's serving rules on a real fastify server (createHttpServer) over a small fake build:
 * pages get index.html with the app's CSP (widened only by the origins it is given), hashed assets a
 * year-long cache, and everything that is not a page (API paths, missing assets, clients that do not
 * accept HTML) the JSON 404.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogger } from '../../../test/support/logger.ts';
import { createHttpServer, type HttpServer } from './server.ts';
import {
  acceptsHtml,
  cacheControlFor,
  isBuildStale,
  isServerPath,
  registerWebApp,
  relativeAssetPath,
  WEB_APP_CSP,
  webAppCsp,
} from './web-app.ts';

const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function serverWith(distDir: string): Promise<HttpServer> {
  const app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 10_000,
    version: 'test',
  });
  app.get('/api/ping', async () => ({ pong: true }));
  await registerWebApp(app, { distDir, apiIndex: { name: 'InterviewLM' } });
  await app.ready();
  return app;
}

describe('serving the built app', () => {
  let dir: string;
  let app: HttpServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ilm-web-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await serverWith(dir);
  });

  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a page of the app with index.html, its CSP and no long cache', async () => {
    for (const url of ['/', '/assessments/42', '/interview/some-token', '/candidates/x/replay?seq=3']) {
      const response = await app.inject({ url, headers: browser });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('id="root"');
      expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year and other files revalidated', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('keeps JSON 404s for API paths, missing assets and non-HTML clients', async () => {
    for (const [url, headers] of [
      ['/api/nothing-here', browser],
      ['/docs/nothing-here', browser],
      ['/metrics/x', browser],
      ['/assets/index-old999.js', { accept: '*/*' }],
      ['/some/page', { accept: 'application/json' }],
    ] as const) {
      const response = await app.inject({ url, headers });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    }
    expect((await app.inject({ url: '/api/ping', headers: browser })).json()).toEqual({ pong: true });
  });

  it('answers GET / with the API index to a JSON client', async () => {
    const response = await app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(response.json()).toEqual({ name: 'InterviewLM' });
  });

  it('never serves a file outside the build', async () => {
    const response = await app.inject({ url: '/..%2f..%2fetc%2fpasswd', headers: { accept: '*/*' } });
    expect(response.statusCode).toBe(404);
  });
});

describe('without a build', () => {
  it('says how to build the app, keeps the API working, and serves a build that lands later', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ilm-web-empty-'));
    const app = await serverWith(dir);
    try {
      const page = await app.inject({ url: '/assessments', headers: browser });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('npm run build:web');
      expect((await app.inject({ url: '/api/ping' })).statusCode).toBe(200);
      // A build that lands while the server runs (npm start builds in the background) is served.
      await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
      expect((await app.inject({ url: '/assessments', headers: browser })).body).toContain('id="root"');
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('serving rules', () => {
  it('tells server paths from app paths', () => {
    expect(isServerPath('/api')).toBe(true);
    expect(isServerPath('/api/health')).toBe(true);
    expect(isServerPath('/admin/queues/api/queues')).toBe(true);
    expect(isServerPath('/apiary')).toBe(false);
    expect(isServerPath('/assessments')).toBe(false);
  });

  it('recognizes navigations by their Accept header', () => {
    expect(acceptsHtml(browser.accept)).toBe(true);
    expect(acceptsHtml('*/*')).toBe(false);
    expect(acceptsHtml(undefined)).toBe(false);
  });

  it('maps URL paths into the build only', () => {
    expect(relativeAssetPath('/assets/a.js')).toBe('assets/a.js');
    expect(relativeAssetPath('/')).toBeUndefined();
    // Dot segments resolve inside the build, never above it.
    expect(relativeAssetPath('/%2e%2e/secret')).toBe('secret');
    expect(relativeAssetPath('/a/../../b')).toBe('b');
    expect(relativeAssetPath('/a%5c..%5cb')).toBeUndefined();
    expect(relativeAssetPath('/%E0%A4%A')).toBeUndefined();
    expect(cacheControlFor('assets/x-1.css')).toContain('immutable');
    expect(cacheControlFor('favicon.svg')).toBe('no-cache');
  });

  it('rebuilds when dist is missing or older than the sources', () => {
    expect(isBuildStale(undefined, 1)).toBe(true);
    expect(isBuildStale(1, 2)).toBe(true);
    expect(isBuildStale(2, 2)).toBe(false);
  });
});

describe('widening the policy', () => {
  it('adds the given origins to their directives only, and nothing without additions', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ilm-web-csp-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    const app = await createHttpServer({
      logger: testLogger,
      trustProxy: false,
      rateLimitPerMinute: 10_000,
      version: 'test',
    });
    try {
      await registerWebApp(app, {
        distDir: dir,
        cspAdditions: { 'script-src': ['https://js.example.com'], 'frame-src': ['https://pay.example.com'] },
      });
      const header = String(
        (await app.inject({ url: '/settings', headers: browser })).headers['content-security-policy'],
      );
      expect(header).toContain("script-src 'self' https://js.example.com;");
      expect(header).toContain('frame-src https://pay.example.com');
      expect(header).toContain("connect-src 'self' ws: wss:;");
      expect(header).toContain("frame-ancestors 'none'");
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
    expect(webAppCsp({})).toBe(WEB_APP_CSP);
    expect(WEB_APP_CSP).not.toMatch(/frame-src|https:/);
  });

  it('refuses anything but plain https origins on the widenable directives', () => {
    for (const bad of [
      '*',
      "'unsafe-eval'",
      'https:',
      'http://js.example.com',
      'https://*.example.com',
      'https://js.example.com/x.js',
    ]) {
      expect(() => webAppCsp({ 'script-src': [bad] }), bad).toThrow();
    }
    expect(() => webAppCsp({ 'default-src': ['https://js.example.com'] } as never)).toThrow();
  });
});
