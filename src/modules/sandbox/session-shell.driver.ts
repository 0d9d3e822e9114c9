/**
 * The operating-system side of the session shell: a pseudo-terminal for the candidate's terminal
 * (node-pty), a piped process for one-shot commands, and the sweep that ends what an unisolated
 * (unsafe driver) shell left running. Every process starts with an empty environment (SANDBOX.md
 * pitfall 1): the server's secrets must not reach the sandbox through the spawn.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { type IPty, spawn as spawnPty } from 'node-pty';
import { createOutputCapture } from './shell-output.ts';

/** Starts `argv` on a new pseudo-terminal of `cols` × `rows`. */
export function spawnTerminalProcess(options: {
  argv: string[];
  cols: number;
  rows: number;
  cwd: string;
}): IPty {
  const [command, ...args] = options.argv;
  if (!command) throw new Error('empty command');
  return spawnPty(command, args, {
    name: 'xterm-256color',
    cols: options.cols,
    rows: options.rows,
    cwd: options.cwd,
    // node-pty adds TERM and PWD only; the sandbox starts from an empty environment anyway.
    env: {},
  });
}

/** What happened to a one-shot command. */
export interface CommandRun {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** A stream passed its limit (the middle was dropped), or the flood limit ended the command. */
  truncated: boolean;
  /** The process could not be started at all. */
  spawnError: string | undefined;
  durationMs: number;
}

/** How long pipes may stay open after the process exited (a descendant that escaped the kill). */
const PIPE_DRAIN_MS = 500;

/**
 * Runs `argv` with `stdin`, keeping at most `outputLimitBytes` of stdout and of stderr. Output past
 * the limit is read and dropped, so the command still finishes with its own exit code, up to
 * `floodLimitBytes` in all: past that it is killed, because reading endless output costs the
 * server's event loop.
 */
export function runCommandProcess(options: {
  argv: string[];
  stdin: string;
  timeoutMs: number;
  outputLimitBytes: number;
  floodLimitBytes: number;
  /** Start a new session and kill its process group (unsafe driver: there is no pid namespace). */
  killGroup: boolean;
  cwd: string;
  /** Called once the process has been killed or has exited, before the result is delivered. */
  onEnd?: (pid: number | undefined) => void;
}): Promise<CommandRun> {
  const [command, ...args] = options.argv;
  if (!command) throw new Error('empty command');
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: {},
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.killGroup,
      cwd: options.cwd,
    });
    let timedOut = false;
    let flooded = false;
    let spawnError: string | undefined;
    const kill = () => {
      if (child.pid === undefined) return;
      try {
        if (options.killGroup) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const stdout = createOutputCapture(options.outputLimitBytes);
    const stderr = createOutputCapture(options.outputLimitBytes);
    for (const [stream, capture] of [
      [child.stdout, stdout],
      [child.stderr, stderr],
    ] as const) {
      stream.on('data', (chunk: Buffer) => {
        if (flooded) return;
        capture.push(chunk);
        if (stdout.total() + stderr.total() > options.floodLimitBytes) {
          flooded = true;
          kill();
        }
      });
      stream.on('error', () => {});
    }
    // The command may exit without reading its input; a broken pipe is not our failure.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin);
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);

    let done = false;
    const finish = (exitCode: number | null, signal: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (options.killGroup) kill();
      options.onEnd?.(child.pid);
      child.stdout.destroy();
      child.stderr.destroy();
      const out = stdout.result();
      const err = stderr.result();
      resolve({
        exitCode,
        signal,
        stdout: out.text,
        stderr: err.text,
        timedOut,
        truncated: flooded || out.truncated || err.truncated,
        spawnError,
        durationMs: performance.now() - started,
      });
    };
    child.on('error', (error) => {
      spawnError = error.message;
      finish(null, null);
    });
    child.on('close', finish);
    child.on('exit', (exitCode, signal) => {
      setTimeout(() => finish(exitCode, signal), PIPE_DRAIN_MS).unref();
    });
  });
}

/** The session id (field 6 of /proc/PID/stat) of a process, if it still exists. */
function sessionOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[3]);
  } catch {
    return undefined;
  }
}

/**
 * Kills every process of an unisolated shell: those of its session and, when the shell ran under
 * a uid of its own, every process of that uid (a daemon that called setsid left the session).
 * Only needed for the unsafe driver; bwrap's pid namespace ends everything with its first process.
 */
export function killShellLeftovers(target: {
  sessionLeader: number | undefined;
  uid: number | undefined;
}): void {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    let matches = target.sessionLeader !== undefined && sessionOf(pid) === target.sessionLeader;
    if (!matches && target.uid !== undefined) {
      try {
        matches = statSync(`/proc/${pid}`).uid === target.uid;
      } catch {
        continue;
      }
    }
    if (!matches) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
