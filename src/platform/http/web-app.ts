/**
 * Serving the browser application (web/, built by Vite into dist/web) from the API server:
 * hashed assets with a year-long immutable cache, every other file revalidated, and an SPA
 * fallback — a GET that is not for /api, /docs, /admin/queues or /metrics and accepts HTML gets
 * index.html, so /assessments/42 or /interview/<token> open the app. The HTML answers carry their
 * own Content-Security-Policy (scripts only from this origin; WebSockets for the terminal), widened
 * only by the exact origins the composition root passes (Paddle.js when checkout is configured).
 *
 * `ensureWebBuild` builds dist/web when it is missing or older than web/'s sources. The build runs
 * Vite in a child process: Vite's JS API sets NODE_ENV in the calling process, which must not
 * change under a running server, and a child also keeps Vite's memory out of it. It may run while
 * the server already listens: until the build lands, pages say the app is being prepared.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { HttpServer } from './server.ts';

/** The repository root (this file is src/platform/http/web-app.ts). */
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where `npm run build:web` and `ensureWebBuild` put the app. */
export const defaultWebDist = path.join(repositoryRoot, 'dist', 'web');
/** The app's sources. */
export const defaultWebSources = path.join(repositoryRoot, 'web');

/** Path prefixes that belong to the server, never to the app (their unknown paths stay JSON 404s). */
export const serverPathPrefixes = ['/api', '/docs', '/admin/queues', '/metrics'] as const;

/**
 * The policy of the app's HTML. Styles allow inline: the editor (CodeMirror) and the terminal
 * (xterm.js) inject <style> elements; scripts do not. `ws:`/`wss:` let the terminal connect. No
 * frame-src: frames fall back to default-src 'self' unless an addition names their origins.
 */
const BASE_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['font-src', ["'self'", 'data:']],
  ['connect-src', ["'self'", 'ws:', 'wss:']],
  ['worker-src', ["'self'", 'blob:']],
  ['frame-ancestors', ["'none'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'self'"]],
  ['form-action', ["'self'"]],
];

/** What may be added: HTTPS origins only (no path, wildcard, scheme-only source or keyword). */
const HttpsOrigin = z.string().regex(/^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be an https origin');
const Origins = z.array(HttpsOrigin).readonly().optional();
/** The directives that may be widened, and nothing else. */
const CspAdditionsSchema = z.strictObject({
  'script-src': Origins,
  'style-src': Origins,
  'img-src': Origins,
  'connect-src': Origins,
  'frame-src': Origins,
});

/** Origins to add to the app's policy, per directive (e.g. a payment provider's script and frames). */
export type CspAdditions = z.input<typeof CspAdditionsSchema>;

/**
 * The app's policy with `additions`: each origin is appended to its directive (frame-src is created
 * when named). Throws at start-up for anything but plain https origins, so a configuration mistake
 * cannot open the policy wider than intended.
 */
export function webAppCsp(additions: CspAdditions = {}): string {
  const extra = CspAdditionsSchema.parse(additions);
  const directives = BASE_DIRECTIVES.map(([name, sources]) => [name, [...sources]] as [string, string[]]);
  for (const [name, origins] of Object.entries(extra)) {
    if (!origins?.length) continue;
    let found = directives.find(([directive]) => directive === name);
    if (!found) {
      found = [name, []];
      directives.push(found);
    }
    for (const origin of origins) if (!found[1].includes(origin)) found[1].push(origin);
  }
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The policy with nothing added (no third-party origin at all). */
export const WEB_APP_CSP = webAppCsp();

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Options of `registerWebApp`. */
export interface WebAppOptions {
  /** The built app (default dist/web). */
  distDir?: string;
  /** What `GET /` answers to clients that ask for JSON rather than HTML (the API's index). */
  apiIndex?: Record<string, unknown>;
  /** Origins the pages need beyond this one (Paddle.js when checkout is configured); none by default. */
  cspAdditions?: CspAdditions | undefined;
  logger?: Logger;
}

/** True when the path belongs to the server (`/api`, `/api/…`, but not `/apiary`). */
export function isServerPath(pathname: string): boolean {
  return serverPathPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** True when the client asks for a page: its Accept names text/html (browsers' navigations do). */
export function acceptsHtml(accept: string | undefined): boolean {
  return typeof accept === 'string' && /(^|,)\s*text\/html/i.test(accept);
}

/** True when the client wants JSON rather than a page (`GET /` from curl -H 'accept: application/json'). */
export function prefersJson(accept: string | undefined): boolean {
  return typeof accept === 'string' && /application\/json/i.test(accept) && !acceptsHtml(accept);
}

/**
 * The file of `dist` a URL path names, relative to `dist`, or undefined when the path escapes it
 * or is not a well-formed URL path. Does not look at the disk.
 */
export function relativeAssetPath(urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const normalized = path.posix.normalize(decoded);
  if (!normalized.startsWith('/') || normalized.split('/').includes('..')) return undefined;
  const relative = normalized.slice(1);
  return relative === '' ? undefined : relative;
}

/** Cache policy of a built file: content-hashed assets forever, everything else revalidated. */
export function cacheControlFor(relativePath: string): string {
  return relativePath.startsWith('assets/') ? IMMUTABLE : REVALIDATE;
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}

/** Builds running in this process (ensureWebBuild), so pages can say "being prepared". */
let buildsRunning = 0;

const pageHead = (refreshSeconds: number) =>
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="${refreshSeconds}"><title>InterviewLM</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5">`;

const buildingPage = `${pageHead(3)}
<h1>InterviewLM is preparing its web application…</h1>
<p>This takes a few seconds after an installation or an update. The page reloads by itself.</p>
</body></html>`;

const notBuiltPage = `${pageHead(30)}
<h1>The web application is not built</h1>
<p>The API is running (<a href="/docs">API reference</a>, <a href="/api/health">health</a>), but the browser
application was not found in <code>dist/web</code>.</p>
<p>Build it with <code>npm run build:web</code> (it needs the development dependencies: <code>npm ci</code>);
this page picks it up by itself. <code>npm start</code> builds it when Vite is installed.</p>
</body></html>`;

/**
 * Registers the app on `app`: `GET /` and `GET /*` (hidden from the OpenAPI document). Register it
 * after the API routes it must not shadow; fastify prefers static and parametric routes over the
 * wildcard anyway. Without a build, pages say that the app is being prepared (a build runs in this
 * process) or how to build it, and the API keeps working; a build that lands later is served.
 */
export async function registerWebApp(
  app: HttpServer,
  options: WebAppOptions = {},
): Promise<{ built: boolean }> {
  const distDir = path.resolve(options.distDir ?? defaultWebDist);
  const indexFile = path.join(distDir, 'index.html');
  const csp = webAppCsp(options.cspAdditions);
  let built = await isFile(indexFile);
  if (!built && buildsRunning === 0) {
    options.logger?.warn({ distDir }, 'the web application is not built (run `npm run build:web`)');
  }
  // Once there, a build stays (a rebuild swaps it in place), so only its absence is checked again.
  const isBuilt = async () => {
    if (!built) built = await isFile(indexFile);
    return built;
  };

  await app.register(async (scope) => {
    // Only the reply.sendFile decoration: the routes below decide what is served.
    await scope.register(fastifyStatic, {
      root: distDir,
      serve: false,
      decorateReply: true,
      index: false,
      suppressWarning: true,
    });

    const sendIndex = async (reply: FastifyReply) => {
      reply.header('content-security-policy', csp).header('cache-control', REVALIDATE);
      if (!(await isBuilt())) {
        return reply.type('text/html; charset=utf-8').send(buildsRunning > 0 ? buildingPage : notBuiltPage);
      }
      return reply.sendFile('index.html', { cacheControl: false });
    };

    scope.get('/', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
      if (options.apiIndex && prefersJson(request.headers.accept)) return options.apiIndex;
      return sendIndex(reply);
    });

    scope.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      if (isServerPath(pathname)) return reply.callNotFound();
      const relative = relativeAssetPath(pathname);
      if (relative && relative !== 'index.html' && (await isFile(path.join(distDir, relative)))) {
        reply.header('cache-control', cacheControlFor(relative));
        return reply.sendFile(relative, { cacheControl: false });
      }
      if (acceptsHtml(request.headers.accept)) return sendIndex(reply);
      return reply.callNotFound();
    });
  });
  return { built };
}

/** What `ensureWebBuild` did. */
export type WebBuildOutcome =
  | { status: 'fresh' }
  | { status: 'built'; durationMs: number }
  | { status: 'no-sources' }
  | { status: 'unavailable'; reason: string };

/** Options of `ensureWebBuild`. */
export interface EnsureWebBuildOptions {
  logger?: Logger;
  sourcesDir?: string;
  distDir?: string;
  /** Build even when dist is current. */
  force?: boolean;
  /** Longest a build may take (default 5 minutes). */
  timeoutMs?: number;
  /** Stops a running build (its child process is killed): pass one that aborts at shutdown. */
  signal?: AbortSignal;
}

/** Newest modification time (ms) of the files under `dir` that shape the build (tests excluded). */
async function newestSourceTime(dir: string): Promise<number> {
  let newest = 0;
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSourceTime(full));
    else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name))
      newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

/** Whether dist is older than the sources (or missing); pure over the two times. */
export function isBuildStale(distTimeMs: number | undefined, newestSourceMs: number): boolean {
  return distTimeMs === undefined || distTimeMs < newestSourceMs;
}

async function mtimeOf(filePath: string): Promise<number | undefined> {
  try {
    return (await stat(filePath)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The Vite command-line script, or undefined when Vite is not installed (a production install). */
function resolveViteBin(): string | undefined {
  try {
    const require = createRequire(path.join(repositoryRoot, 'package.json'));
    const manifestPath = require.resolve('vite/package.json');
    return path.join(path.dirname(manifestPath), 'bin', 'vite.js');
  } catch {
    return undefined;
  }
}

function runVite(
  bin: string,
  args: string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`vite build failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
}

/**
 * Takes a lock directory (atomic mkdir) so that processes starting together build once; a lock
 * older than `staleMs` is from a process that died and is taken over.
 */
async function withBuildLock<T>(lockDir: string, staleMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + staleMs * 2;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - ((await mtimeOf(lockDir)) ?? Date.now());
      if (age > staleMs || Date.now() > deadline) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(lockDir).catch(() => undefined);
  }
}

/**
 * Builds dist/web when it is missing or older than web/'s sources (or package-lock.json), so
 * `npm start` always serves the current app. Builds into a temporary directory and swaps it in,
 * so a half-written build is never served. Never throws for a missing Vite (a production install
 * with a prebuilt dist): it reports `unavailable` with the reason, and the caller serves what exists.
 */
export async function ensureWebBuild(options: EnsureWebBuildOptions = {}): Promise<WebBuildOutcome> {
  const sourcesDir = path.resolve(options.sourcesDir ?? defaultWebSources);
  const distDir = path.resolve(options.distDir ?? defaultWebDist);
  if (!(await isFile(path.join(sourcesDir, 'index.html')))) return { status: 'no-sources' };

  const isStale = async () =>
    options.force ||
    isBuildStale(
      await mtimeOf(path.join(distDir, 'index.html')),
      Math.max(
        await newestSourceTime(sourcesDir),
        (await mtimeOf(path.join(repositoryRoot, 'package-lock.json'))) ?? 0,
      ),
    );
  if (!(await isStale())) return { status: 'fresh' };

  const bin = resolveViteBin();
  if (!bin || !(await isFile(bin))) {
    const reason =
      'dist/web is missing or older than web/, and Vite is not installed (a production install?): run ' +
      '`npm run build:web` where the development dependencies are installed';
    return { status: 'unavailable', reason };
  }

  const parent = path.dirname(distDir);
  await mkdir(parent, { recursive: true });
  buildsRunning += 1;
  try {
    return await buildOnce(parent, distDir, sourcesDir, bin, isStale, options);
  } finally {
    buildsRunning -= 1;
  }
}

/** The build itself, under the lock, re-checking staleness once the lock is taken. */
function buildOnce(
  parent: string,
  distDir: string,
  sourcesDir: string,
  bin: string,
  isStale: () => Promise<boolean | undefined>,
  options: EnsureWebBuildOptions,
): Promise<WebBuildOutcome> {
  const logger = options.logger;
  return withBuildLock(path.join(parent, '.web-build.lock'), 5 * 60_000, async () => {
    // Another process may have built it while this one waited for the lock.
    if (!(await isStale())) return { status: 'fresh' } as const;
    const started = Date.now();
    logger?.info('building the web application (dist/web is missing or older than web/)');
    const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const staging = path.join(parent, `.web-build-${suffix}`);
    const previous = path.join(parent, `.web-old-${suffix}`);
    try {
      await runVite(
        bin,
        [
          'build',
          '--config',
          path.join(sourcesDir, 'vite.config.ts'),
          '--outDir',
          staging,
          '--emptyOutDir',
          '--logLevel',
          'warn',
        ],
        options.timeoutMs ?? 5 * 60_000,
        options.signal,
      );
      if (!(await isFile(path.join(staging, 'index.html'))))
        throw new Error('vite build wrote no index.html');
      const hadPrevious = (await mtimeOf(distDir)) !== undefined;
      if (hadPrevious) await rename(distDir, previous);
      await rename(staging, distDir);
      if (hadPrevious) await rm(previous, { recursive: true, force: true });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    const durationMs = Date.now() - started;
    logger?.info({ durationMs, distDir }, 'web application built');
    return { status: 'built', durationMs } as const;
  });
}
