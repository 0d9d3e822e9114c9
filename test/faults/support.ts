/**
 * Helpers of the fault tests: real worker and API processes that can be killed, a candidate
 * session with a credential, an event sender that retries like the browser, a private PostgreSQL
 * cluster that can be crashed and restarted, a relay that can cut a provider off, and polling.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import {
  type AddressInfo,
  connect,
  createServer as createNetServer,
  type Server,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { issueCandidateCredential } from '../../src/modules/interviews/candidate-credential.ts';
import type { Database } from '../../src/platform/db/client.ts';
import { candidates, interviewSessions, sessionEvents } from '../../src/platform/db/schema/index.ts';
import { type PlatformProcess, runCli } from '../support/platform-process.ts';
import { createTestSession, type TestSessionOptions } from '../support/sessions.ts';
import { waitFor } from '../support/wait.ts';

export { waitFor };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts test/faults/fixtures/`fixture`.ts and resolves once it printed "ready". */
export async function startFixture(
  fixture: 'fault-worker' | 'fault-platform' | 'evaluation-worker',
  env: Record<string, string>,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/faults/fixtures/${fixture}.ts`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitFor(
    async () => (/^ready$/m.test(output) ? true : undefined),
    'the worker process to start',
    // tsx compiles the platform at start: on a loaded 2-core CI box that alone can take 20 s.
    45_000,
    () => output,
  );
  return {
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** Starts the bare worker fixture (fault-worker.ts). */
export const startFaultWorker = (env: Record<string, string>) => startFixture('fault-worker', env);

// --- helpers of the process-level fault scenarios ------------------------------------------------

/** Prints a measured recovery time where a test run shows it (vitest passes console output on). */
export function reportRecovery(scenario: string, what: string, ms: number): void {
  console.log(`[fault] ${scenario}: ${what} in ${Math.round(ms)} ms`);
}

/** Milliseconds since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;

/**
 * A candidate session written to the database (createTestSession) together with a credential
 * that the real candidate routes accept, so a test can talk to an API in another process.
 */
export async function createCandidateSession(db: Database, options: TestSessionOptions = {}) {
  const { credential, hash } = issueCandidateCredential();
  const session = await createTestSession(db, { ...options, credentialHash: hash });
  return { ...session, credential, auth: { authorization: `Bearer ${credential}` } };
}

/**
 * Marks `session` as finished the way the interview service does (session `completed`, candidate
 * `COMPLETED`), so an evaluation job can run on it.
 */
export async function completeSession(
  db: Database,
  session: { sessionId: string; candidateId: string },
): Promise<void> {
  const at = new Date();
  await db
    .update(interviewSessions)
    .set({ status: 'completed', completedAt: at })
    .where(eq(interviewSessions.id, session.sessionId));
  await db.update(candidates).set({ status: 'COMPLETED' }).where(eq(candidates.id, session.candidateId));
}

/** One HTTP request's outcome as a client sees it: a status, or the network error it got. */
export interface Outcome {
  status: number | 'network-error';
  body: unknown;
  /** The Retry-After header, when the answer had one. */
  retryAfter?: string;
  error?: string;
  ms: number;
}

/** fetch that never throws and never waits past `timeoutMs` (a hang becomes a visible failure). */
export async function attempt(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (SSE): keep the text
    }
    const retryAfter = response.headers.get('retry-after');
    return { status: response.status, body, ms: since(started), ...(retryAfter ? { retryAfter } : {}) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 'network-error',
      body: undefined,
      error: cause?.code ?? cause?.message ?? (error as Error).name,
      ms: since(started),
    };
  }
}

/**
 * A candidate's event sender that behaves like the browser's: events get increasing clientSeq
 * numbers, go out in batches of `batchSize`, and a batch that was not acknowledged (network
 * error, 5xx) is sent again, unchanged, until it is. Every attempt's outcome is kept.
 */
export function createEventSender(options: {
  baseUrl: () => string;
  sessionId: string;
  headers: Record<string, string>;
  batchSize: number;
  retryDelayMs?: number;
}) {
  const outcomes: Array<Outcome & { batch: number; at: number }> = [];
  let nextSeq = 1;
  let batches = 0;
  let duplicatesReported = 0;
  const sent: number[] = [];
  return {
    outcomes,
    /** clientSeqs of every event acknowledged by the server. */
    acknowledged: sent,
    get duplicatesReported() {
      return duplicatesReported;
    },
    /** Sends the next batch; resolves once the server acknowledged it (or `deadline` passed). */
    async sendBatch(deadline: number): Promise<void> {
      const batch = batches;
      batches += 1;
      const events = Array.from({ length: options.batchSize }, (_, index) => ({
        clientSeq: nextSeq + index,
        type: 'editor.keystroke',
        data: { batch, index },
      }));
      nextSeq += options.batchSize;
      for (;;) {
        const outcome = await attempt(
          `${options.baseUrl()}/api/interview/${options.sessionId}/events/batch`,
          {
            method: 'POST',
            headers: options.headers,
            body: { events },
            timeoutMs: 10_000,
          },
        );
        outcomes.push({ ...outcome, batch, at: performance.now() });
        if (outcome.status === 200) {
          const body = outcome.body as { accepted: number; duplicates: number };
          duplicatesReported += body.duplicates;
          sent.push(...events.map((event) => event.clientSeq));
          return;
        }
        if (typeof outcome.status === 'number' && outcome.status < 500) {
          throw new Error(
            `batch ${batch} refused for good: ${outcome.status} ${JSON.stringify(outcome.body)}`,
          );
        }
        if (performance.now() > deadline) throw new Error(`batch ${batch} never acknowledged`);
        await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 100));
      }
    },
  };
}

/** Reads a session's stored events and checks them against what the client had acknowledged. */
export async function storedTimeline(
  db: Database,
  sessionId: string,
): Promise<{ seqs: number[]; clientSeqs: number[]; lastEventSeq: number }> {
  const rows = await db
    .select({ seq: sessionEvents.seq, clientSeq: sessionEvents.clientSeq })
    .from(sessionEvents)
    .where(eq(sessionEvents.sessionId, sessionId))
    .orderBy(asc(sessionEvents.seq));
  const [session] = await db
    .select({ lastEventSeq: interviewSessions.lastEventSeq })
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId));
  return {
    seqs: rows.map((row) => Number(row.seq)),
    clientSeqs: rows.map((row) => Number(row.clientSeq)),
    lastEventSeq: Number(session?.lastEventSeq ?? -1),
  };
}

/** Starts `interviewlm <command>` and resolves once its HTTP server answers /api/health. */
export async function startApiProcess(
  command: 'api' | 'start',
  env: Record<string, string>,
  baseUrl: string,
): Promise<PlatformProcess> {
  const api = runCli([command], env);
  await waitFor(
    async () => {
      if (api.child.exitCode !== null) throw new Error('exited');
      return (await fetch(`${baseUrl}/api/health`).catch(() => undefined))?.status ? true : undefined;
    },
    `interviewlm ${command} to listen`,
    60_000,
    api.output,
  );
  return api;
}

/** A PostgreSQL cluster owned by one test: stopped (as by a crash) and started again on its port. */
export interface PrivatePostgres {
  url: string;
  port: number;
  /** `immediate` is a crash (no checkpoint; WAL replay at the next start), `fast` a clean stop. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and removes its files. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server binaries on this machine (Debian's postgresql-NN), if any. */
export function findPostgresBinaries(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((entry) => existsSync(path.join(base, entry, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : undefined;
}

/**
 * Starts a private cluster in a temporary directory on a free port (never the shared server:
 * other people's tests use it). PostgreSQL refuses to run as root, so its commands run as the
 * `postgres` user; its socket directory is inside the temporary directory.
 */
export async function startPrivatePostgres(binaries: string, port: number): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ilm-pg-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'sock');
  mkdirSync(socket);
  execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const asPostgres = (program: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(
        'setpriv',
        [
          '--reuid',
          'postgres',
          '--regid',
          'postgres',
          '--init-groups',
          path.join(binaries, program),
          ...args,
        ],
        { cwd: dir, timeout: 60_000 },
        (error, stdout, stderr) =>
          error
            ? reject(new Error(`${program} ${args.join(' ')}: ${error.message}\n${stdout}${stderr}`))
            : resolve(),
      );
    });
  // --no-sync only speeds up initdb; the running server keeps fsync and synchronous commits.
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${socket} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () =>
      asPostgres('pg_ctl', [
        '-D',
        data,
        '-l',
        path.join(dir, 'server.log'),
        '-w',
        '-t',
        '60',
        '-o',
        options,
        'start',
      ]),
    stop: (mode = 'immediate') => asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    async destroy() {
      await cluster.stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

/**
 * A TCP relay on a fixed port in front of another local server: `down()` closes the port and cuts
 * every open connection (a provider that is unreachable), `up()` opens it again on the same port,
 * so a client configured once with `url` sees the outage and the return.
 */
export interface SwitchableRelay {
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startSwitchableRelay(targetUrl: string): Promise<SwitchableRelay> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    const next = createNetServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  const down = async () => {
    const running = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (running) await new Promise((resolve) => running.close(resolve));
  };
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    down,
    up: listen,
    close: down,
  };
}
