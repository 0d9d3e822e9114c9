/**
 * Spawns one sandboxed process and watches it: empty environment, stdin written then closed,
 * stdout/stderr capped, the fd-3 result channel collected, a wall timer, and a kill that takes
 * the whole sandbox down (bwrap's pid namespace dies with its first process).
 *
 * A process can be started ahead of need ("warm") and handed its input later: the wall timer
 * and the measured duration start when the input is sent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** What happened to the process. */
export interface ProcessRun {
  exitCode: number | null;
  signal: string | null;
  wallTimeout: boolean;
  outputExceeded: boolean;
  /** The process could not be started at all (a sandbox failure). */
  spawnError: string | undefined;
  stdout: string;
  stderr: string;
  channel: string;
  durationMs: number;
}

/** A started process waiting for its input. */
export interface StartedProcess {
  /** False once it has exited (a warm process that died while waiting is useless). */
  alive(): boolean;
  /** Sends the input, starts the wall timer, resolves when the process has exited. */
  dispatch(stdin: string, wallMs: number): Promise<ProcessRun>;
  /** Kills it (and resolves any pending dispatch). */
  kill(): void;
}

/** Most bytes read from the result channel: far above any honest harness report. */
const CHANNEL_LIMIT = 8 * 1024 * 1024;
/** How long pipes may stay open after the process exited. */
const PIPE_DRAIN_MS = 1_000;

/**
 * Spawns a sandbox's first process with an empty environment and pipes on fds 0–3 (fd 3 is the
 * harness's result channel).
 */
export function spawnSandboxProcess(
  argv: string[],
  options: { cwd: string; detached?: boolean },
): ChildProcess {
  const [command, ...args] = argv;
  if (!command) throw new Error('empty command');
  return spawn(command, args, {
    // Pitfall 1 of SANDBOX.md: an inherited environment would hand the server's secrets over.
    env: {},
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    detached: options.detached ?? false,
    cwd: options.cwd,
  });
}

/** Starts `argv`; nothing runs past reading stdin until `dispatch` is called. */
export function startProcess(options: {
  argv: string[];
  outputBytes: number;
  /** Kill every process of the run when it ends (process group in unsafe mode). */
  killGroup: boolean;
  /** Working directory on the host (bwrap sets its own inside). */
  cwd: string;
}): StartedProcess {
  const child = spawnSandboxProcess(options.argv, { cwd: options.cwd, detached: options.killGroup });
  let wallTimeout = false;
  let outputExceeded = false;
  let spawnError: string | undefined;
  let exited = false;
  let dispatchedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;

  const kill = () => {
    if (child.pid === undefined) return;
    try {
      if (options.killGroup) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // already gone
    }
  };

  /** Bytes still allowed; stdout and stderr share one budget (the limit is on what we keep). */
  const budget = { output: options.outputBytes, channel: CHANNEL_LIMIT };
  const collect = (stream: Readable | null, pool: keyof typeof budget) => {
    const chunks: Buffer[] = [];
    stream?.on('data', (chunk: Buffer) => {
      if (outputExceeded) return;
      const room = budget[pool];
      if (chunk.length > room) {
        // Keep what fits, then stop the run: "exactly the limit, then more" is over the limit.
        chunks.push(chunk.subarray(0, room));
        budget[pool] = 0;
        outputExceeded = true;
        kill();
        return;
      }
      chunks.push(chunk);
      budget[pool] = room - chunk.length;
    });
    stream?.on('error', () => {});
    return () => Buffer.concat(chunks).toString('utf8');
  };
  const stdout = collect(child.stdout, 'output');
  const stderr = collect(child.stderr, 'output');
  const channel = collect(child.stdio[3] as Readable | null, 'channel');
  // The program may exit without reading its input; a broken pipe is not our failure.
  child.stdin?.on('error', () => {});

  const finished = new Promise<ProcessRun>((resolve) => {
    let done = false;
    const finish = (exitCode: number | null, signal: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (options.killGroup) kill();
      for (const stream of [child.stdout, child.stderr, child.stdio[3]])
        (stream as Readable | null)?.destroy();
      resolve({
        exitCode,
        signal,
        wallTimeout,
        outputExceeded,
        spawnError,
        stdout: stdout(),
        stderr: stderr(),
        channel: channel(),
        durationMs: performance.now() - (dispatchedAt ?? performance.now()),
      });
    };
    child.on('error', (error) => {
      spawnError = error.message;
      exited = true;
      finish(null, null);
    });
    child.on('close', finish);
    // A descendant that escaped the kill could hold a pipe open forever: after the process has
    // exited, wait only briefly for the pipes to drain.
    child.on('exit', (exitCode, signal) => {
      exited = true;
      setTimeout(() => finish(exitCode, signal), PIPE_DRAIN_MS).unref();
    });
  });

  return {
    alive: () => !exited && child.exitCode === null && child.signalCode === null,
    kill,
    dispatch(stdin, wallMs) {
      dispatchedAt = performance.now();
      timer = setTimeout(() => {
        wallTimeout = true;
        kill();
      }, wallMs);
      child.stdin?.end(stdin);
      return finished;
    },
  };
}

/** Starts `argv`, sends `stdin` at once and resolves when it has exited (never rejects). */
export function runProcess(options: {
  argv: string[];
  stdin: string;
  wallMs: number;
  outputBytes: number;
  killGroup: boolean;
  cwd: string;
}): Promise<ProcessRun> {
  return startProcess(options).dispatch(options.stdin, options.wallMs);
}
