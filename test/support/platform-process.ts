/**
 * Runs the real `interviewlm` command in a child process, as an operator would, and talks to it
 * over HTTP. Used by the tests that prove the two-command promise end to end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A running CLI process with its captured output. */
export interface PlatformProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | string>;
}

/** Environment without anything that would point the child at the developer's own services. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key, value]) =>
        value !== undefined &&
        ![
          'DATABASE_URL',
          'REDIS_URL',
          'PORT',
          'HOST',
          'DATA_DIR',
          'SESSION_SECRET',
          'QUEUE_PREFIX',
          'NODE_OPTIONS',
          'OPERATOR_TOKEN',
        ].includes(key) &&
        !key.startsWith('ALERT_') &&
        !key.startsWith('DLQ_') &&
        !key.startsWith('VITEST') &&
        !key.startsWith('TEST_'),
    ),
  ) as Record<string, string>;
  return { ...inherited, LOG_LEVEL: 'info', ...extra };
}

/** Starts `interviewlm <args>` from the repository root with exactly `env`. */
export function runCli(args: string[], env: Record<string, string>): PlatformProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** GET a JSON document; the status and the parsed body. */
export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; process?: PlatformProcess },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.process && options.process.child.exitCode !== null) {
      throw new Error(`process exited while waiting for ${what}:\n${options.process.output()}`);
    }
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${options.process ? `:\n${options.process.output().slice(-4000)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
